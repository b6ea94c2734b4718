using System.Buffers;
using System.Text;
using RetailVision.Aggregator.Storage;

namespace RetailVision.Aggregator.Tests.Storage;

public sealed class PayloadExcerptTests
{
    private static PayloadExcerpt Of(byte[] bytes) => PayloadExcerpt.From(new ReadOnlySequence<byte>(bytes));

    [Fact]
    public void Readable_text_is_kept_as_text() =>
        Assert.Equal(new PayloadExcerpt("{\"version\": 2}\n", PayloadEncoding.Utf8, false), Of("{\"version\": 2}\n"u8.ToArray()));

    [Fact]
    public void Binary_is_kept_as_base64()
    {
        byte[] bytes = [0x00, 0xFF, 0x10, 0x80];

        Assert.Equal(new PayloadExcerpt(Convert.ToBase64String(bytes), PayloadEncoding.Base64, false), Of(bytes));
    }

    [Fact]
    public void Long_payloads_are_cut_at_4_KB_without_splitting_a_character()
    {
        // 4095 ASCII bytes then "é" (2 bytes): the cut falls inside the "é", which is left out rather than mangled.
        var bytes = Encoding.UTF8.GetBytes(new string('a', PayloadExcerpt.MaxBytes - 1) + "éééé");

        var excerpt = Of(bytes);

        Assert.Equal(new string('a', PayloadExcerpt.MaxBytes - 1), excerpt.Text);
        Assert.Equal(PayloadEncoding.Utf8, excerpt.Encoding);
        Assert.True(excerpt.Truncated);
    }

    [Fact]
    public void Long_binary_is_cut_at_4_KB_before_encoding()
    {
        var bytes = Enumerable.Repeat((byte)0x01, 10_000).ToArray();

        var excerpt = Of(bytes);

        Assert.Equal(PayloadEncoding.Base64, excerpt.Encoding);
        Assert.Equal(PayloadExcerpt.MaxBytes, Convert.FromBase64String(excerpt.Text).Length);
        Assert.True(excerpt.Truncated);
    }
}
