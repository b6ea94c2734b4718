namespace RetailVision.Aggregator.Configuration;

/// <summary>A setting that is wrong before the options can even be bound (the HTTP listen addresses); the message names it.</summary>
public sealed class InvalidSettingException(string message, Exception? inner = null) : Exception(message, inner);
