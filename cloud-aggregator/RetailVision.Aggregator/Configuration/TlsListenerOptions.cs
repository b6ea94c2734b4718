namespace RetailVision.Aggregator.Configuration;

/// <summary>
/// The <c>Aggregator:Broker:Tls</c> section: a TLS listener of the embedded broker, on when a certificate is named.
/// The certificate is a PEM file with its key in <see cref="KeyPath"/>, or a PKCS#12 (.pfx/.p12) file holding both.
/// </summary>
public sealed class TlsListenerOptions
{
    public const int DefaultPort = 8883;

    /// <summary>PEM certificate (chain) or PKCS#12 file; relative paths are taken from the working directory.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>PEM private key of the certificate; leave empty for a PKCS#12 file.</summary>
    public string? KeyPath { get; set; }

    /// <summary>Password of the PKCS#12 file or of an encrypted PEM key.</summary>
    public string? Password { get; set; }

    public int Port { get; set; } = DefaultPort;

    public bool IsEnabled => !string.IsNullOrWhiteSpace(CertificatePath);
}
