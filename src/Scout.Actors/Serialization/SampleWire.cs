using System.Buffers.Binary;
using System.Text;
using Scout.Actors.AccountSessions;
using Scout.Actors.SampleIntake;

namespace Scout.Actors.Serialization;

/// <summary>
/// The two messages every live sample crosses nodes in — <see cref="SessionProtocol.SampleArrived"/> (proxy to session)
/// and <see cref="SessionProtocol.DeliverSample"/> (session to bridge) — in a small binary frame around the sample's
/// JSON as the agent's node encoded it: the ids, the sampling time, the hop stamps, the JSON bytes. Written as JSON
/// these cost a parse of the whole sample and a second encoding on every node they reach (issue 18); here the bytes
/// pass as they are, checked only to be one JSON object (<see cref="EncodedSample.FromPeer"/>).
/// Frame: version byte, then per field a 32-bit little-endian length and UTF-8 for strings, 8 bytes for numbers.
/// </summary>
public static class SampleWire
{
    private const byte Version = 1;

    public static byte[] Write(SessionProtocol.SampleArrived m) =>
        Frame(m.AccountId, m.ServerId, m.Sample, sentAt: 0);

    public static byte[] Write(SessionProtocol.DeliverSample m) =>
        Frame(accountId: "", m.ServerId, m.Sample, m.SentAt);

    public static SessionProtocol.SampleArrived ReadSampleArrived(byte[] bytes)
    {
        var (accountId, serverId, sample, _) = Read(bytes);
        return new SessionProtocol.SampleArrived(accountId, serverId, sample);
    }

    public static SessionProtocol.DeliverSample ReadDeliverSample(byte[] bytes)
    {
        var (_, serverId, sample, sentAt) = Read(bytes);
        return new SessionProtocol.DeliverSample(serverId, sample, sentAt);
    }

    private static byte[] Frame(string accountId, string serverId, EncodedSample sample, double sentAt)
    {
        var json = sample.Json.Span;
        var size = 1 + Sized(accountId) + Sized(serverId) + Sized(sample.ServerId) + 8 + 8 + 8 + 4 + json.Length;
        var bytes = new byte[size];
        var at = 0;
        bytes[at++] = Version;
        at = PutString(bytes, at, accountId);
        at = PutString(bytes, at, serverId);
        at = PutString(bytes, at, sample.ServerId);
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(at), sample.Time);
        BinaryPrimitives.WriteDoubleLittleEndian(bytes.AsSpan(at + 8), sample.ProxiedAt);
        BinaryPrimitives.WriteDoubleLittleEndian(bytes.AsSpan(at + 16), sentAt);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(at + 24), json.Length);
        json.CopyTo(bytes.AsSpan(at + 28));
        return bytes;
    }

    private static (string AccountId, string ServerId, EncodedSample Sample, double SentAt) Read(byte[] bytes)
    {
        var span = bytes.AsSpan();
        if (span.Length < 1 || span[0] != Version)
            throw new System.Runtime.Serialization.SerializationException("a sample frame of an unknown version");
        var at = 1;
        var accountId = TakeString(span, ref at);
        var serverId = TakeString(span, ref at);
        var sampleServerId = TakeString(span, ref at);
        var numbers = Take(span, ref at, 28);
        var time = BinaryPrimitives.ReadInt64LittleEndian(numbers);
        var proxiedAt = BinaryPrimitives.ReadDoubleLittleEndian(numbers[8..]);
        var sentAt = BinaryPrimitives.ReadDoubleLittleEndian(numbers[16..]);
        var length = BinaryPrimitives.ReadInt32LittleEndian(numbers[24..]);
        var json = Take(span, ref at, length);
        if (at != span.Length)
            throw new System.Runtime.Serialization.SerializationException("a sample frame with bytes after its sample");
        return (accountId, serverId, EncodedSample.FromPeer(sampleServerId, time, json, proxiedAt), sentAt);
    }

    private static int Sized(string s) => 4 + Encoding.UTF8.GetByteCount(s);

    private static int PutString(byte[] bytes, int at, string s)
    {
        var written = Encoding.UTF8.GetBytes(s, bytes.AsSpan(at + 4));
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(at), written);
        return at + 4 + written;
    }

    private static string TakeString(ReadOnlySpan<byte> span, ref int at)
    {
        var length = BinaryPrimitives.ReadInt32LittleEndian(Take(span, ref at, 4));
        return Encoding.UTF8.GetString(Take(span, ref at, length));
    }

    private static ReadOnlySpan<byte> Take(ReadOnlySpan<byte> span, ref int at, int length)
    {
        if (length < 0 || length > span.Length - at)
            throw new System.Runtime.Serialization.SerializationException("a sample frame cut short");
        var taken = span.Slice(at, length);
        at += length;
        return taken;
    }
}
