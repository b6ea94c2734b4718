using System.Buffers;
using System.Text.Unicode;

namespace RetailVision.Aggregator.Storage;

/// <summary>
/// The first <see cref="MaxBytes"/> bytes of a payload, as text when they are readable UTF-8 and as base64 otherwise,
/// so a dead letter shows what arrived without storing an attacker's megabytes.
/// </summary>
public sealed record PayloadExcerpt(string Text, PayloadEncoding Encoding, bool Truncated)
{
    public const int MaxBytes = 4096;

    public static PayloadExcerpt From(ReadOnlySequence<byte> payload)
    {
        var truncated = payload.Length > MaxBytes;
        var bytes = payload.Slice(0, Math.Min(payload.Length, MaxBytes)).ToArray();
        return TryReadText(bytes, isComplete: !truncated, out var text)
            ? new PayloadExcerpt(text, PayloadEncoding.Utf8, truncated)
            : new PayloadExcerpt(Convert.ToBase64String(bytes), PayloadEncoding.Base64, truncated);
    }

    private static bool TryReadText(byte[] bytes, bool isComplete, out string text)
    {
        var chars = new char[bytes.Length];
        // When the excerpt is cut, a character split at the cut is not an error: NeedMoreData drops its first bytes.
        var status = Utf8.ToUtf16(bytes, chars, out _, out var written, replaceInvalidSequences: false, isFinalBlock: isComplete);
        text = new string(chars, 0, written);
        if (status is not (OperationStatus.Done or OperationStatus.NeedMoreData)) return false;
        foreach (var c in text)
            if (char.IsControl(c) && c is not ('\t' or '\r' or '\n')) return false;
        return true;
    }
}
