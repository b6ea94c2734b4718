namespace RetailVision.Aggregator.Configuration;

/// <summary>Whether the aggregator hosts the MQTT broker itself or subscribes to one run elsewhere.</summary>
public enum BrokerMode
{
    Embedded,
    External,
}
