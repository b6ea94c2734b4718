using System.CommandLine;

namespace RetailVision.Models.Cli;

/// <summary>The <c>--input-size WxH</c> option, parsed and rejected at the command line when malformed.</summary>
internal static class InputSizeOption
{
    public static Option<InputSize[]> Many(string description) => new("--input-size")
    {
        Description = description,
        Arity = ArgumentArity.ZeroOrMore,
        CustomParser = result => result.Tokens.Select(t => Parse(result, t.Value)).ToArray(),
    };

    public static Option<InputSize?> Single(string description) => new("--input-size")
    {
        Description = description,
        CustomParser = result => result.Tokens.Count == 0 ? null : Parse(result, result.Tokens[0].Value),
    };

    private static InputSize Parse(System.CommandLine.Parsing.ArgumentResult result, string text)
    {
        try
        {
            return InputSize.Parse(text);
        }
        catch (FormatException e)
        {
            result.AddError(e.Message);
            return default;
        }
    }
}
