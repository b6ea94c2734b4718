using System.Diagnostics;
using System.Runtime.InteropServices;
using RetailVision.Tests.Shared;

namespace RetailVision.Edge.Tests.Capture;

/// <summary>
/// A real RTSP server on a free loopback port: GStreamer's rtsp-server (Debian gir1.2-gst-rtsp-server-1.0) driven by
/// Debian's python3-gi, streaming a moving test pattern as MJPEG at 320x240, 15 fps. It can be killed, restarted on the
/// same port, or frozen (SIGSTOP: connections stay open but nothing arrives), as a camera on a network might.
/// </summary>
internal sealed class RtspTestServer : IDisposable
{
    public const int Width = 320;
    public const int Height = 240;
    public const int FramesPerSecond = 15;

    private const string Script = """
        import sys
        import gi
        gi.require_version("Gst", "1.0")
        gi.require_version("GstRtspServer", "1.0")
        from gi.repository import Gst, GstRtspServer, GLib

        Gst.init(None)
        server = GstRtspServer.RTSPServer()
        server.set_address("127.0.0.1")
        server.set_service(sys.argv[1])
        factory = GstRtspServer.RTSPMediaFactory()
        factory.set_launch("( videotestsrc is-live=true pattern=ball ! video/x-raw,format=I420,width=320,height=240,framerate=15/1 ! jpegenc ! rtpjpegpay name=pay0 pt=26 )")
        factory.set_shared(True)
        server.get_mount_points().add_factory("/cam", factory)
        if server.attach(None) == 0:
            sys.exit("cannot listen on port " + sys.argv[1])
        print("ready", flush=True)
        GLib.MainLoop().run()
        """;

    private static readonly Lazy<string> ScriptPath = new(() =>
    {
        var path = Path.Combine(Path.GetTempPath(), $"retailvision-rtsp-server-{Environment.ProcessId}.py");
        File.WriteAllText(path, Script);
        return path;
    });

    private Process? _process;

    private RtspTestServer(int port) => Port = port;

    public int Port { get; }

    public string Url => $"rtsp://127.0.0.1:{Port}/cam";

    public static RtspTestServer Start()
    {
        var server = new RtspTestServer(FreePort.Next());
        server.Restart();
        return server;
    }

    /// <summary>Starts the server (again) on its port and waits until it listens.</summary>
    public void Restart()
    {
        var info = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(ScriptPath.Value);
        info.ArgumentList.Add(Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var process = Process.Start(info)!;
        var ready = process.StandardOutput.ReadLineAsync();
        if (!ready.Wait(TimeSpan.FromSeconds(10)) || ready.Result != "ready")
        {
            process.Kill();
            throw new InvalidOperationException($"RTSP test server did not start: {process.StandardError.ReadToEnd()}");
        }
        _process = process;
    }

    /// <summary>Kills the server as a power cut would: open connections break.</summary>
    public void Kill()
    {
        if (_process is null) return;
        _process.Kill();
        _process.WaitForExit();
        _process.Dispose();
        _process = null;
    }

    /// <summary>Freezes (true) or resumes the server: while frozen, connections stay open and carry nothing.</summary>
    public void Freeze(bool frozen) => SendSignal(_process!.Id, frozen ? SigStop : SigCont);

    public void Dispose()
    {
        if (_process is { } process) SendSignal(process.Id, SigCont);
        Kill();
    }

    private const int SigStop = 19;
    private const int SigCont = 18;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SendSignal(int pid, int signal);
}
