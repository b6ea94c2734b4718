using System.Net;
using System.Net.Sockets;

namespace RetailVision.Aggregator.Broker;

/// <summary>
/// The key a login's source address is counted and queued under: an IPv4 address as it is (also when it arrives
/// IPv4-mapped on a dual-stack socket), an IPv6 address as its /64 network, since one host is commonly given a whole
/// /64 and could otherwise take a fresh key, with a clean record, for every try.
/// </summary>
public static class LoginSource
{
    public static string Of(string address)
    {
        if (!IPAddress.TryParse(address, out var ip)) return address;
        if (ip.IsIPv4MappedToIPv6) ip = ip.MapToIPv4();
        if (ip.AddressFamily != AddressFamily.InterNetworkV6) return ip.ToString();
        var network = ip.GetAddressBytes();
        Array.Clear(network, 8, 8);
        return new IPAddress(network) + "/64";
    }
}
