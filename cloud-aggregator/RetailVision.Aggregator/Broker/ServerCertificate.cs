using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using RetailVision.Aggregator.Configuration;

namespace RetailVision.Aggregator.Broker;

/// <summary>Loads the embedded broker's TLS certificate with its private key from the files the configuration names.</summary>
public static class ServerCertificate
{
    /// <summary>Throws <see cref="InvalidDataException"/> with a one-line reason when a file is missing, unreadable or holds no usable key.</summary>
    public static X509Certificate2 Load(TlsListenerOptions tls)
    {
        var certificatePath = Path.GetFullPath(tls.CertificatePath ?? throw new InvalidDataException("no certificate file is named"));
        if (!File.Exists(certificatePath)) throw new InvalidDataException($"certificate file {certificatePath} does not exist");
        try
        {
            var certificate = string.IsNullOrWhiteSpace(tls.KeyPath)
                ? X509CertificateLoader.LoadPkcs12FromFile(certificatePath, tls.Password)
                : LoadPem(certificatePath, Path.GetFullPath(tls.KeyPath), tls.Password);
            if (certificate.HasPrivateKey) return certificate;
            certificate.Dispose();
            throw new InvalidDataException($"{certificatePath} holds no private key: name the PEM key file, or use a PKCS#12 file that contains it");
        }
        catch (Exception ex) when (ex is CryptographicException or IOException or ArgumentException)
        {
            throw new InvalidDataException($"cannot load the certificate {certificatePath}: {ex.Message}", ex);
        }
    }

    private static X509Certificate2 LoadPem(string certificatePath, string keyPath, string? password)
    {
        if (!File.Exists(keyPath)) throw new InvalidDataException($"key file {keyPath} does not exist");
        using var pem = string.IsNullOrEmpty(password)
            ? X509Certificate2.CreateFromPemFile(certificatePath, keyPath)
            : X509Certificate2.CreateFromEncryptedPemFile(certificatePath, password, keyPath);
        // SslStream wants the key in a PKCS#12 form it can hand to the platform; a PEM-born key is ephemeral.
        return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
    }
}
