using System.Globalization;
using System.Text.RegularExpressions;

namespace RetailVision.Models;

/// <summary>A model input size in pixels, written <c>WxH</c> (width first) everywhere.</summary>
public readonly partial record struct InputSize(int Width, int Height)
{
    public static InputSize Parse(string text)
    {
        var match = SizePattern().Match(text ?? "");
        if (!match.Success
            || !int.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var width)
            || !int.TryParse(match.Groups[2].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var height)
            || width <= 0 || height <= 0)
        {
            throw new FormatException($"input size '{text}' is not WxH with positive integers, e.g. 416x416");
        }

        return new InputSize(width, height);
    }

    /// <summary>Parses <c>WxH</c>; false (and no exception) when <paramref name="text"/> is not a size written that way.</summary>
    public static bool TryParse(string text, out InputSize size)
    {
        try
        {
            size = Parse(text);
            return true;
        }
        catch (FormatException)
        {
            size = default;
            return false;
        }
    }

    /// <summary>Throws unless both sides are positive multiples of <paramref name="multiple"/>.</summary>
    public void EnsureMultipleOf(int multiple)
    {
        if (Width <= 0 || Height <= 0 || Width % multiple != 0 || Height % multiple != 0)
        {
            throw new ArgumentException(
                $"input size {this} is not supported: width and height must be positive multiples of {multiple} (the model's largest stride)");
        }
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Width}x{Height}");

    [GeneratedRegex(@"^\s*(\d+)\s*[xX]\s*(\d+)\s*$")]
    private static partial Regex SizePattern();
}
