namespace RetailVision.Aggregator.Broker;

/// <summary>
/// The bytes that all connections which have not logged in yet may hold together. Each new connection reserves the
/// most its CONNECT may take before anything of it is read, and gives the reservation back once the broker has
/// answered the login (or the connection ends); a connection that does not fit is refused unread. So strangers who
/// never finish logging in cost a bounded amount, however many of them connect.
/// </summary>
public sealed class PreLoginBudget(long totalBytes)
{
    private long _reserved;

    public long ReservedBytes => Interlocked.Read(ref _reserved);

    public bool TryReserve(int bytes)
    {
        while (true)
        {
            var current = Interlocked.Read(ref _reserved);
            if (current + bytes > totalBytes) return false;
            if (Interlocked.CompareExchange(ref _reserved, current + bytes, current) == current) return true;
        }
    }

    public void Release(int bytes) => Interlocked.Add(ref _reserved, -bytes);
}
