using System.Globalization;

namespace RetailVision.Aggregator.Storage.LiteDb;

/// <summary>
/// Times in documents as round-trip ISO strings: BSON dates hold only milliseconds and drop the offset, and the KPIs'
/// visit key compares enteredAt exactly.
/// </summary>
internal static class DocumentTime
{
    public static string Format(DateTimeOffset t) => t.ToString("o", CultureInfo.InvariantCulture);

    public static DateTimeOffset Parse(string s) => DateTimeOffset.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
}
