using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace RetailVision.Edge.Delivery;

/// <summary>
/// Trusts a broker certificate issued by one configured authority (a store chain's private CA, or the broker's own
/// self-signed certificate) instead of the machine's trust store. The host name must still match.
/// </summary>
public sealed class BrokerCertificateAuthority
{
    private readonly X509Certificate2 _authority;

    private BrokerCertificateAuthority(X509Certificate2 authority) => _authority = authority;

    /// <summary>Reads a PEM certificate; a missing or unreadable file is an <see cref="IOException"/> naming it.</summary>
    public static BrokerCertificateAuthority Load(string path)
    {
        try
        {
            return new BrokerCertificateAuthority(X509Certificate2.CreateFromPem(File.ReadAllText(path)));
        }
        catch (Exception ex) when (ex is System.Security.Cryptography.CryptographicException or FileNotFoundException or DirectoryNotFoundException)
        {
            throw new IOException($"broker.caCertificatePath '{path}': not a readable PEM certificate ({ex.Message})", ex);
        }
    }

    /// <summary>True when <paramref name="certificate"/> chains to the authority and no other TLS check failed.</summary>
    public bool Validates(X509Certificate? certificate, SslPolicyErrors errors)
    {
        if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch) || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
            return false;
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(_authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var presented = new X509Certificate2(certificate);
        return chain.Build(presented);
    }
}
