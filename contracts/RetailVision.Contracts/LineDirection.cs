namespace RetailVision.Contracts;

/// <summary>Which way a person crossed a counting line. Serialised as "in" / "out".</summary>
public enum LineDirection
{
    In,
    Out,
}
