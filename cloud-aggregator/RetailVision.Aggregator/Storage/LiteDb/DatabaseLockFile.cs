namespace RetailVision.Aggregator.Storage.LiteDb;

/// <summary>
/// An exclusively opened file beside the database. LiteDB's direct mode has no lock between processes on Linux, so two
/// aggregators on one file would silently lose writes; this makes the second one fail at start-up instead.
/// </summary>
public sealed class DatabaseLockFile : IDisposable
{
    private readonly FileStream _stream;

    private DatabaseLockFile(FileStream stream) => _stream = stream;

    public static DatabaseLockFile Acquire(string databasePath)
    {
        var lockPath = databasePath + ".lock";
        try
        {
            // FileShare.None takes an exclusive advisory lock (flock) on Unix, which any other opener of the file respects.
            return new DatabaseLockFile(new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
        }
        catch (IOException ex) when (ex is not FileNotFoundException and not DirectoryNotFoundException)
        {
            throw new DatabaseInUseException(databasePath, lockPath, ex);
        }
    }

    public void Dispose() => _stream.Dispose();
}
