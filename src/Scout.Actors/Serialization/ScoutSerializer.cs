using System.Collections.Frozen;
using System.Runtime.Serialization;
using System.Text.Json;
using Akka.Actor;
using Akka.Serialization;
using Scout.Actors.AccountSessions;
using Scout.Actors.AgentProxies;
using Scout.Actors.AgentWire;
using Scout.Actors.Bridge;
using Scout.Actors.OpsApi;

namespace Scout.Actors.Serialization;

/// <summary>
/// The one serializer for our messages between nodes. Each type has a short, stable manifest (changing
/// one breaks a rolling upgrade, so only ever add); the payload is System.Text.Json, camelCase like the
/// hubs, with actor refs as serialized paths. Bound in hocon/serialization.hocon to <see cref="IScoutMessage"/>.
/// </summary>
public sealed class ScoutSerializer : SerializerWithStringManifest
{
    public const int Id = 137;

    private const string SampleArrivedManifest = "s-smp";
    private const string DeliverSampleManifest = "b-smp";

    private static readonly FrozenDictionary<string, Type> TypesByManifest = new Dictionary<string, Type>
    {
        // sessions
        ["s-on"] = typeof(SessionProtocol.AgentOnline),
        ["s-reg"] = typeof(SessionProtocol.AgentRegistered),
        [SampleArrivedManifest] = typeof(SessionProtocol.SampleArrived),
        ["s-bf"] = typeof(SessionProtocol.BackfillArrived),
        ["s-w"] = typeof(SessionProtocol.Watch),
        ["s-uw"] = typeof(SessionProtocol.Unwatch),
        ["s-wa"] = typeof(SessionProtocol.WatchAccepted),
        ["s-gos"] = typeof(SessionProtocol.GetOnlineServers),
        ["s-os"] = typeof(SessionProtocol.OnlineServers),
        ["s-end"] = typeof(SessionProtocol.EndStream),
        ["s-ended"] = typeof(SessionProtocol.EndStreamResult),
        ["s-gs"] = typeof(SessionProtocol.GetStreams),
        ["s-rep"] = typeof(SessionProtocol.StreamsReport),
        ["s-stall"] = typeof(SessionProtocol.StreamStalled),
        ["s-resume"] = typeof(SessionProtocol.StreamResumed),
        // directives
        ["d-start"] = typeof(AgentDirectives.StartStreaming),
        // "d-renew" was RenewLease, never sent by a node and now removed: the manifest is retired, not reused.
        ["d-stop"] = typeof(AgentDirectives.StopStreaming),
        ["d-wel"] = typeof(AgentDirectives.Welcome),
        // agent proxies
        ["a-att"] = typeof(AgentProxyProtocol.AttachAgent),
        ["a-atd"] = typeof(AgentProxyProtocol.AgentAttached),
        ["a-det"] = typeof(AgentProxyProtocol.DetachAgent),
        ["a-smp"] = typeof(AgentProxyProtocol.SampleFromAgent),
        ["a-bf"] = typeof(AgentProxyProtocol.BackfillFromAgent),
        ["a-bad"] = typeof(AgentProxyProtocol.MalformedFromAgent),
        ["a-info"] = typeof(AgentProxyProtocol.AgentInfo),
        ["a-rep"] = typeof(AgentProxyProtocol.AgentsReport),
        // bridges
        ["b-sw"] = typeof(BridgeProtocol.StartWatching),
        ["b-stw"] = typeof(BridgeProtocol.StopWatching),
        ["b-cc"] = typeof(BridgeProtocol.ConnectionClosed),
        [DeliverSampleManifest] = typeof(SessionProtocol.DeliverSample),
        ["b-bf"] = typeof(SessionProtocol.DeliverBackfill),
        ["b-st"] = typeof(SessionProtocol.ServerStatus),
        ["b-end"] = typeof(SessionProtocol.StreamEnded),
        ["b-stats"] = typeof(BridgeProtocol.Stats),
        // ops console
        ["o-gc"] = typeof(OpsProtocol.GetCluster),
        ["o-ca"] = typeof(OpsProtocol.ClusterAction),
        ["o-la"] = typeof(OpsProtocol.ListAgents),
        ["o-ls"] = typeof(OpsProtocol.ListStreams),
        ["o-es"] = typeof(OpsProtocol.EndServerStream),
        ["o-lac"] = typeof(OpsProtocol.ListAccounts),
        ["o-cac"] = typeof(OpsProtocol.CreateAccount),
        ["o-au"] = typeof(OpsProtocol.AddUser),
        ["o-ck"] = typeof(OpsProtocol.CreateKey),
        ["o-rk"] = typeof(OpsProtocol.RevokeKey),
        ["o-gh"] = typeof(OpsProtocol.GetHierarchy),
        ["o-top"] = typeof(OpsProtocol.StartTop),
        ["o-untop"] = typeof(OpsProtocol.StopTop),
        ["o-ref"] = typeof(OpsProtocol.Refused),
        ["o-fail"] = typeof(OpsProtocol.Failed),
        ["o-done"] = typeof(OpsProtocol.Done),
        ["o-cr"] = typeof(OpsProtocol.ClusterReport),
        ["o-al"] = typeof(OpsProtocol.AgentsList),
        ["o-sl"] = typeof(OpsProtocol.StreamsList),
        ["o-acl"] = typeof(OpsProtocol.AccountsList),
        ["o-kc"] = typeof(OpsProtocol.KeyCreated),
        ["o-h"] = typeof(OpsProtocol.Hierarchy),
        ["o-tt"] = typeof(OpsProtocol.TopTarget),
        ["o-lns"] = typeof(OpsProtocol.ListNodeStreams),
        ["o-ns"] = typeof(OpsProtocol.NodeStreams),
        ["o-una"] = typeof(OpsProtocol.Unanswered),
    }.ToFrozenDictionary();

    // Singletons have no data: the manifest alone says which one.
    private static readonly FrozenDictionary<string, object> SingletonsByManifest = new Dictionary<string, object>
    {
        ["a-end"] = AgentProxyProtocol.ConnectionEnded.Instance,
        ["a-get"] = AgentProxyProtocol.GetAgents.Instance,
        ["a-gi"] = AgentProxyProtocol.GetInfo.Instance,
        ["b-gstats"] = BridgeProtocol.GetStats.Instance,
    }.ToFrozenDictionary();

    private static readonly FrozenDictionary<Type, string> ManifestsByType =
        TypesByManifest.Select(kv => KeyValuePair.Create(kv.Value, kv.Key))
            .Concat(SingletonsByManifest.Select(kv => KeyValuePair.Create(kv.Value.GetType(), kv.Key)))
            .ToFrozenDictionary();

    private static readonly byte[] Empty = [];

    private readonly JsonSerializerOptions _options;

    public ScoutSerializer(ExtendedActorSystem system) : base(system)
    {
        _options = new JsonSerializerOptions(MetricsJson.Options);
        _options.Converters.Add(new ActorRefJsonConverter(system));
    }

    public override int Identifier => Id;

    /// <summary>Every type this serializer knows; a test checks each round-trips.</summary>
    public static IEnumerable<Type> KnownTypes => ManifestsByType.Keys;

    public override string Manifest(object o) =>
        ManifestsByType.TryGetValue(o.GetType(), out var manifest)
            ? manifest
            : throw new ArgumentException($"{o.GetType()} is not registered with {nameof(ScoutSerializer)}");

    public override byte[] ToBinary(object obj) => obj switch
    {
        // Every live sample crosses nodes in one of these two: its JSON goes as it is (SampleWire).
        SessionProtocol.SampleArrived sample => SampleWire.Write(sample),
        SessionProtocol.DeliverSample sample => SampleWire.Write(sample),
        _ => SingletonsByManifest.ContainsKey(Manifest(obj)) ? Empty : JsonSerializer.SerializeToUtf8Bytes(obj, obj.GetType(), _options),
    };

    public override object FromBinary(byte[] bytes, string manifest)
    {
        if (SingletonsByManifest.TryGetValue(manifest, out var singleton))
            return singleton;
        if (manifest == SampleArrivedManifest)
            return SampleWire.ReadSampleArrived(bytes);
        if (manifest == DeliverSampleManifest)
            return SampleWire.ReadDeliverSample(bytes);
        if (!TypesByManifest.TryGetValue(manifest, out var type))
            throw new SerializationException($"Unknown manifest '{manifest}' for {nameof(ScoutSerializer)}");
        return JsonSerializer.Deserialize(bytes, type, _options)
               ?? throw new SerializationException($"Empty payload for manifest '{manifest}'");
    }
}
