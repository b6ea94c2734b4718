using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using RetailVision.Contracts;
using RetailVision.Edge.Delivery;

namespace RetailVision.Edge.Tests.Delivery;

public sealed class DeliveryFilesAndTrustTests
{
    private static X509Certificate2 SelfSigned(string host)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={host}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
    }

    [Fact]
    public void A_configured_authority_is_trusted_and_no_other()
    {
        using var folder = new TempFolder();
        using var broker = SelfSigned("aggregator.local");
        using var stranger = SelfSigned("aggregator.local");
        var path = Path.Combine(folder.Path, "ca.pem");
        File.WriteAllText(path, broker.ExportCertificatePem());
        var authority = BrokerCertificateAuthority.Load(path);

        Assert.True(authority.Validates(broker, SslPolicyErrors.RemoteCertificateChainErrors));
        Assert.False(authority.Validates(stranger, SslPolicyErrors.RemoteCertificateChainErrors));
        Assert.False(authority.Validates(broker, SslPolicyErrors.RemoteCertificateNameMismatch));
        File.WriteAllText(path, "not a certificate");
        Assert.Contains("caCertificatePath", Assert.Throws<IOException>(() => BrokerCertificateAuthority.Load(path)).Message);
    }

    [Fact]
    public void An_audit_line_cut_by_a_killed_run_does_not_swallow_the_next_event()
    {
        using var folder = new TempFolder();
        var path = Path.Combine(folder.Path, "audit.jsonl");
        File.WriteAllText(path, "{\"version\":1,\"eventId\":\"0193");
        var at = new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);
        var e = new DecisionPointEvent(1, Guid.CreateVersion7(at), DecisionPointKind.ZoneEnter, "s", "c", "z", 1, at, at, null, null);
        using (var writer = new JsonLinesEventWriter(path, append: true)) writer.Publish(e);
        using (var writer = new JsonLinesEventWriter(path, append: true)) writer.Publish(e);
        var lines = File.ReadAllLines(path);
        Assert.Equal(3, lines.Length);
        Assert.Equal(ContractJson.SerializeToString(e), lines[1]);
        Assert.Equal(lines[1], lines[2]);
    }
}
