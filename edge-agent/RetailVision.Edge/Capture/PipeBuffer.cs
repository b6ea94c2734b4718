using System.IO.Pipes;
using System.Runtime.InteropServices;

namespace RetailVision.Edge.Capture;

/// <summary>
/// Enlarges the kernel buffer of the pipe ffmpeg writes frames into. With Linux's default 64 KiB a 1.3 MB frame
/// crosses in twenty-odd wake-ups of each side; a buffer near the frame size lets ffmpeg write a frame while the
/// reader is busy.
/// </summary>
internal static partial class PipeBuffer
{
    private const int SetPipeSize = 1031; // F_SETPIPE_SZ

    // The largest size an unprivileged process may ask for by default (/proc/sys/fs/pipe-max-size).
    private const int MaxUnprivilegedSize = 1 << 20;

    /// <summary>Asks for up to <paramref name="bytes"/> (capped at 1 MiB); returns false where the kernel refuses.</summary>
    public static bool TryEnlarge(Stream pipe, int bytes)
    {
        if (!OperatingSystem.IsLinux() || pipe is not PipeStream { SafePipeHandle: var handle }) return false;
        return SetSize((int)handle.DangerousGetHandle(), SetPipeSize, Math.Min(bytes, MaxUnprivilegedSize)) > 0;
    }

    [LibraryImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    private static partial int SetSize(int fd, int command, int size);
}
