using System.CommandLine;

namespace RetailVision.Aggregator.Security;

/// <summary>
/// <c>retailvision-aggregator hash-password</c>: reads a store's password from the first line of standard input (so it
/// stays out of the shell history and the process list) and prints the hash to put in
/// <c>Aggregator:Broker:Stores:N:PasswordHash</c>.
/// </summary>
public static class HashPasswordCommand
{
    public const string Name = "hash-password";

    /// <summary>The command, reading the password from <paramref name="input"/>.</summary>
    public static Command Create(TextReader input)
    {
        var command = new Command(Name, "Hash a store's MQTT password, read from the first line of standard input, for Aggregator:Broker:Stores:N:PasswordHash");
        command.SetAction(parse => Run(input, parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error));
        return command;
    }

    public static int Run(TextReader input, TextWriter output, TextWriter error)
    {
        var password = input.ReadLine();
        if (string.IsNullOrEmpty(password))
        {
            error.WriteLine("error: give the password on standard input, e.g.  read -rs PW; printf '%s\\n' \"$PW\" | retailvision-aggregator hash-password");
            return 2;
        }
        output.WriteLine(StorePasswordHash.Create(password));
        return 0;
    }
}
