using Scout.Actors;
using Scout.Actors.OpsApi;
using Scout.Actors.Remoting;
using Scout.Ops.Connection;

namespace Scout.Ops;

/// <summary>One parsed command: what to ask the node, or <see cref="TopServer"/> for the live view.
/// <see cref="Password"/> true means the password is read from stdin before asking.</summary>
public sealed record OpsCommand(string Name, IScoutMessage? Request, bool Json, string? TopServer = null, bool Password = false);

public sealed class UsageException(string message) : Exception(message);

/// <summary>The options before the command: the nodes to ask, in order (the first answers, later ones stand in when
/// it cannot), the console's own address as nodes should reach it (null: detected), the command's words, and the
/// console's TLS certificate and the cluster's CA (flags, else the node's configuration; none: plain TCP).</summary>
public sealed record GlobalOptions(List<string> Nodes, string? Host, List<string> Words, TlsSettings Tls);

/// <summary>Turns the words after the global options into an <see cref="OpsCommand"/>; every mistake is a one-line
/// <see cref="UsageException"/> (exit 2).</summary>
public static class OpsCommandLine
{
    /// <summary>Every command, as the prompt completes them.</summary>
    public static readonly string[] Commands =
    [
        "cluster show", "cluster leave", "cluster down", "cluster down-unreachable",
        "agents list", "sessions list", "sessions end", "accounts list", "accounts create",
        "users add", "keys create", "keys revoke", "actor hierarchy", "top", "help", "exit",
    ];

    public const string Usage = """
        usage: scout-ops [--node HOST:PORT ...] [--config FILE] [--host HOST] [--cert FILE --ca FILE] COMMAND   (no command: interactive prompt)
          --node HOST:PORT   the node that answers; more --node: fallbacks, in order. Default: the node of this machine,
                             from its configuration (appsettings.json here or in /opt/scout, /etc/scout/node.env,
                             Scout__Cluster__* environment), 127.0.0.1:4053 when none says otherwise
          --config FILE      read the node's configuration from FILE (JSON like appsettings.json, or KEY=VALUE lines)
          --host HOST        this console's address as the nodes reach it (default: the local address toward the node)
          --cert FILE        this operator's certificate (.pfx, or PEM with --key FILE) for a cluster with TLS;
          --cert-password P  its password (better: env Scout__Cluster__Tls__CertificatePassword)
          --ca FILE          the cluster's CA certificate (PEM); env Scout__Cluster__Tls__CertificatePath, __KeyPath, __CaPath
          cluster show [--json]                  members, roles, status, reachability, leader
          cluster leave ADDRESS | cluster down ADDRESS | cluster down-unreachable
          agents list [--account NAME] [--json]  connected agents on every node
          sessions list [--account NAME] [--json]
          sessions end ACCOUNT SERVER            ends a live session, telling its watchers
          accounts list [--json] | accounts create NAME
          users add --account NAME --email EMAIL (password read from stdin)
          keys create --account NAME | keys revoke KEY_ID
          actor hierarchy [-d DEPTH] [-s PATH] [--json]
          top SERVER                             live view of one server (id or hostname); q quits
        exit codes: 0 done, 2 usage, 3 cluster unreachable, 4 refused
        """;

    /// <summary>The TLS flags, each with the <see cref="TlsSettings"/> property it sets.</summary>
    private static readonly Dictionary<string, Action<TlsSettings, string>> TlsFlags = new()
    {
        ["--cert"] = (t, v) => t.CertificatePath = v,
        ["--cert-password"] = (t, v) => t.CertificatePassword = v,
        ["--key"] = (t, v) => t.KeyPath = v,
        ["--ca"] = (t, v) => t.CaPath = v,
    };

    /// <summary>Splits off the global options: nodes, --host, the TLS files and the remaining words. What no flag gives
    /// comes from the node's configuration on this machine (<see cref="NodeConfigReader"/>: <c>--config</c> or the
    /// default files, and <paramref name="environment"/>, default the process's): the node's address when no
    /// <c>--node</c> is given, and its TLS files, which the console presents as the node does.</summary>
    public static GlobalOptions SplitOptions(IReadOnlyList<string> args, Func<string, string?>? environment = null,
        IReadOnlyList<string>? configFiles = null)
    {
        var nodes = new List<string>();
        var words = new List<string>();
        string? host = null;
        string? configFile = null;
        var tlsFlags = new List<(Action<TlsSettings, string> Set, string Value)>();
        for (var i = 0; i < args.Count; i++)
        {
            if (TlsFlags.TryGetValue(args[i], out var set))
            {
                if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
                    throw new UsageException($"{args[i]} needs a value");
                tlsFlags.Add((set, args[++i]));
            }
            else if (args[i] == "--config")
            {
                if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
                    throw new UsageException("--config needs a FILE");
                configFile = args[++i];
            }
            else if (args[i] == "--host")
            {
                if (i + 1 >= args.Count || args[i + 1].StartsWith('-') || args[i + 1].Contains(':'))
                    throw new UsageException("--host wants a HOST (a name or an IPv4 address the nodes can reach, no port)");
                host = args[++i];
            }
            else if (args[i] == "--node")
            {
                if (i + 1 >= args.Count)
                    throw new UsageException("--node needs HOST:PORT");
                var node = args[++i];
                if (!HostPort.TryParse(node, out _))
                    throw new UsageException($"--node wants HOST:PORT, not '{node}'");
                nodes.Add(node);
            }
            else
            {
                words.Add(args[i]);
            }
        }
        var local = NodeConfigReader.Read(configFile, environment ?? Environment.GetEnvironmentVariable, configFiles);
        if (nodes.Count == 0)
            nodes.Add(local.Node);
        var tls = local.Tls;
        foreach (var (set, value) in tlsFlags)
            set(tls, value);
        return new GlobalOptions(nodes, host, words, tls);
    }

    public static OpsCommand Parse(IReadOnlyList<string> words)
    {
        var json = words.Contains("--json");
        var rest = words.Where(w => w != "--json").ToList();
        if (rest.Count == 0)
            throw new UsageException("no command");
        var verb = rest.Count > 1 ? rest[0] + " " + rest[1] : rest[0];
        var args = rest.Skip(2).ToList();
        var name = verb;
        OpsCommand Cmd(IScoutMessage request, bool listsJson = false)
        {
            if (json && !listsJson)
                throw new UsageException($"--json is for list commands, not '{name}'");
            return new OpsCommand(name, request, json);
        }

        switch (verb)
        {
            case "cluster show":
                None(args, verb);
                return Cmd(new OpsProtocol.GetCluster(), true);
            case "cluster leave":
            case "cluster down":
                return Cmd(new OpsProtocol.ClusterAction(rest[1], One(args, verb, "ADDRESS")));
            case "cluster down-unreachable":
                None(args, verb);
                return Cmd(new OpsProtocol.ClusterAction("down-unreachable", null));
            case "agents list":
                return Cmd(new OpsProtocol.ListAgents(Options(args, verb, "--account").GetValueOrDefault("--account")), true);
            case "sessions list":
                return Cmd(new OpsProtocol.ListStreams(Options(args, verb, "--account").GetValueOrDefault("--account")), true);
            case "sessions end":
                if (args.Count != 2)
                    throw new UsageException("sessions end wants ACCOUNT SERVER");
                return Cmd(new OpsProtocol.EndServerStream(args[0], args[1]));
            case "accounts list":
                None(args, verb);
                return Cmd(new OpsProtocol.ListAccounts(), true);
            case "accounts create":
                return Cmd(new OpsProtocol.CreateAccount(One(args, verb, "NAME")));
            case "users add":
            {
                var o = Options(args, verb, "--account", "--email");
                if (!o.ContainsKey("--account") || !o.ContainsKey("--email"))
                    throw new UsageException("users add wants --account NAME --email EMAIL (the password comes from stdin)");
                if (json)
                    throw new UsageException("--json is for list commands");
                return new OpsCommand(verb, new OpsProtocol.AddUser(o["--account"], o["--email"], ""), false, Password: true);
            }
            case "keys create":
            {
                var o = Options(args, verb, "--account");
                return Cmd(new OpsProtocol.CreateKey(o.GetValueOrDefault("--account") ?? throw new UsageException("keys create wants --account NAME")));
            }
            case "keys revoke":
                return Cmd(new OpsProtocol.RevokeKey(One(args, verb, "KEY_ID")));
            case "actor hierarchy":
            {
                var o = Options(args, verb, "-d", "-s");
                var depth = 3;
                if (o.TryGetValue("-d", out var d) && (!int.TryParse(d, out depth) || depth < 0 || depth > 50))
                    throw new UsageException($"-d wants a depth from 0 to 50, not '{d}'");
                return Cmd(new OpsProtocol.GetHierarchy(depth, o.GetValueOrDefault("-s") ?? "/"), true);
            }
        }
        if (rest[0] == "top")
        {
            if (rest.Count != 2 || json)
                throw new UsageException("top wants SERVER (an id or a hostname)");
            return new OpsCommand("top", null, false, TopServer: rest[1]);
        }
        throw new UsageException($"unknown command: {string.Join(' ', rest)}");
    }

    private static void None(List<string> args, string verb)
    {
        if (args.Count > 0)
            throw new UsageException($"{verb} takes no '{args[0]}'");
    }

    private static string One(List<string> args, string verb, string what) =>
        args.Count == 1 && !args[0].StartsWith('-') ? args[0] : throw new UsageException($"{verb} wants {what}");

    private static Dictionary<string, string> Options(List<string> args, string verb, params string[] allowed)
    {
        var found = new Dictionary<string, string>();
        for (var i = 0; i < args.Count; i += 2)
        {
            if (!allowed.Contains(args[i]))
                throw new UsageException($"{verb} does not take '{args[i]}'");
            if (i + 1 >= args.Count)
                throw new UsageException($"{args[i]} needs a value");
            found[args[i]] = args[i + 1];
        }
        return found;
    }
}
