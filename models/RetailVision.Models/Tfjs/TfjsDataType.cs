namespace RetailVision.Models.Tfjs;

/// <summary>Element types a TF.js constant tensor can hold once decoded.</summary>
public enum TfjsDataType
{
    Float32,
    Int32,
}
