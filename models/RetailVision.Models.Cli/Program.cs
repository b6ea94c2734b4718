using System.CommandLine;
using RetailVision.Models.Cli;

var root = new RootCommand("Fetches, converts and verifies RetailVision's detection models.")
{
    PrepareCommand.Create(),
    ConvertCommand.Create(),
    VerifyCommand.Create(),
    CalibrateCommand.Create(),
    QuantizeCommand.Create(),
    BenchInt8Command.Create(),
};
return root.Parse(args).Invoke();
