using RetailVision.Aggregator.Security;

namespace RetailVision.Aggregator.Tests.Security;

public sealed class StorePasswordHashTests
{
    [Fact]
    public void Verifies_the_right_password_only()
    {
        var hash = StorePasswordHash.Create("correct horse", iterations: StorePasswordHash.MinIterations);

        Assert.True(StorePasswordHash.Verify("correct horse", hash));
        Assert.False(StorePasswordHash.Verify("correct horse ", hash));
        Assert.False(StorePasswordHash.Verify("", hash));
    }

    [Fact]
    public void Encodes_the_scheme_iterations_and_a_fresh_salt_in_the_string()
    {
        var first = StorePasswordHash.Create("pw", iterations: 2000);
        var second = StorePasswordHash.Create("pw", iterations: 2000);

        Assert.StartsWith("pbkdf2-sha256$2000$", first);
        Assert.NotEqual(first, second);
        Assert.True(StorePasswordHash.IsWellFormed(first));
    }

    [Fact]
    public void The_default_work_factor_is_used_when_none_is_given() =>
        Assert.StartsWith($"pbkdf2-sha256${StorePasswordHash.DefaultIterations}$", StorePasswordHash.Create("pw"));

    [Theory]
    [InlineData("")]
    [InlineData("plain-text-password")]
    [InlineData("pbkdf2-sha256$100$c2FsdHNhbHQ=$aGFzaGhhc2hoYXNoaGFzaA==")]
    [InlineData("pbkdf2-sha1$2000$c2FsdHNhbHQ=$aGFzaGhhc2hoYXNoaGFzaA==")]
    [InlineData("pbkdf2-sha256$2000$not base64$aGFzaGhhc2hoYXNoaGFzaA==")]
    public void Malformed_hashes_are_recognised_and_never_verify(string encoded)
    {
        Assert.False(StorePasswordHash.IsWellFormed(encoded));
        Assert.False(StorePasswordHash.Verify("anything", encoded));
    }

    [Fact]
    public void The_command_reads_the_password_from_standard_input()
    {
        var output = new StringWriter();

        var exit = HashPasswordCommand.Run(new StringReader("s3cret\n"), output, new StringWriter());

        Assert.Equal(0, exit);
        Assert.True(StorePasswordHash.Verify("s3cret", output.ToString().Trim()));
    }

    [Fact]
    public void The_command_refuses_an_empty_password()
    {
        var error = new StringWriter();

        Assert.Equal(2, HashPasswordCommand.Run(new StringReader(""), new StringWriter(), error));
        Assert.Contains("standard input", error.ToString());
    }
}
