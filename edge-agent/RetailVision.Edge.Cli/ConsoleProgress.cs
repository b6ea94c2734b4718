namespace RetailVision.Edge.Cli;

/// <summary>
/// A one-line progress bar on stderr. On a terminal it redraws in place a few times a second; when stderr is a file
/// or pipe (CI, logs) it prints a line every 10 % instead.
/// </summary>
public sealed class ConsoleProgress(string label, int? total)
{
    private readonly bool _interactive = !Console.IsErrorRedirected;
    private long _lastDrawTicks;
    private int _lastDecile = -1;

    public void Report(int done, double framesPerSecond)
    {
        var now = Environment.TickCount64;
        if (_interactive)
        {
            if (now - _lastDrawTicks < 200) return;
            _lastDrawTicks = now;
            Console.Error.Write($"\r{Line(done, framesPerSecond)}   ");
            return;
        }
        if (total is not > 0) return;
        var decile = (int)(10L * done / total.Value);
        if (decile == _lastDecile) return;
        _lastDecile = decile;
        Console.Error.WriteLine(Line(done, framesPerSecond));
    }

    public void Finish(int done, double framesPerSecond)
    {
        if (_interactive) Console.Error.WriteLine($"\r{Line(done, framesPerSecond)}   ");
        else if (_lastDecile != 10) Console.Error.WriteLine(Line(done, framesPerSecond));
    }

    private string Line(int done, double fps)
    {
        if (total is not > 0) return $"{label} {done} frames  {fps:0.0} fps";
        var fraction = Math.Clamp((double)done / total.Value, 0, 1);
        var filled = (int)(fraction * 30);
        return $"{label} [{new string('#', filled)}{new string('-', 30 - filled)}] {done}/{total} {fraction:P0}  {fps:0.0} fps";
    }
}
