using System.Globalization;
using System.Text;
using Xunit.Abstractions;

namespace RetailVision.FaultTests.Support;

/// <summary>What an attack test measured, as one line in the test output and in fault-results.txt, so a run's figures can be quoted.</summary>
public sealed class AttackFigures(string test)
{
    private readonly StringBuilder _line = new();

    public AttackFigures With(string name, object value)
    {
        var text = value switch
        {
            double d => d.ToString("0.###", CultureInfo.InvariantCulture),
            TimeSpan t => t.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture) + "ms",
            _ => Convert.ToString(value, CultureInfo.InvariantCulture),
        };
        _line.Append(CultureInfo.InvariantCulture, $" {name}={text}");
        return this;
    }

    public void Publish(ITestOutputHelper output)
    {
        var line = $"{DateTimeOffset.UtcNow:O} {test}:{_line}";
        output.WriteLine(line);
        File.AppendAllText(DeliveryReport.ResultsFile, line + Environment.NewLine);
    }
}
