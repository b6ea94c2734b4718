namespace RetailVision.Models.Cli;

/// <summary>Runs a command body so that any failure becomes one line on stderr and exit code 1.</summary>
internal static class CommandRunner
{
    public static int Run(Func<int> body)
    {
        try
        {
            return body();
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"retailvision-models: error: {e.Message.ReplaceLineEndings(" ")}");
            return 1;
        }
    }
}
