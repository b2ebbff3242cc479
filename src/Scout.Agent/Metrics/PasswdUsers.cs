using System.Globalization;

namespace Scout.Agent.Metrics;

/// <summary>
/// uid to user name from /etc/passwd, read again only when the file changes (its time is looked at no
/// more than once a second, not once per name). Users from LDAP or other NSS sources are not in the
/// file; their uid is shown as a number, as ps does.
/// </summary>
public sealed class PasswdUsers
{
    private readonly string _path;
    private Dictionary<uint, string> _names = new();
    private readonly Dictionary<uint, string> _numbers = new();
    private static readonly DateTime Missing = DateTime.FromFileTimeUtc(0);
    private DateTime _loadedWriteTime = DateTime.MinValue;
    private long _nextCheckMs;

    public PasswdUsers(string passwdPath)
    {
        _path = passwdPath;
    }

    public string NameOf(uint uid)
    {
        Refresh();
        if (_names.TryGetValue(uid, out var name))
        {
            return name;
        }
        if (!_numbers.TryGetValue(uid, out var number))
        {
            number = uid.ToString(CultureInfo.InvariantCulture);
            _numbers[uid] = number;
        }
        return number;
    }

    private void Refresh()
    {
        var now = Environment.TickCount64;
        if (now < _nextCheckMs)
        {
            return;
        }
        _nextCheckMs = now + 1000;
        // One stat: a missing file reads as 1601-01-01, which no real passwd has.
        var writeTime = File.GetLastWriteTimeUtc(_path);
        if (writeTime == _loadedWriteTime)
        {
            return;
        }
        _loadedWriteTime = writeTime;
        _names = writeTime == Missing ? new() : Parse(File.ReadAllText(_path));
    }

    /// <summary>"name:password:uid:gid:gecos:home:shell" per line; the first name of a uid wins, like getpwuid.</summary>
    public static Dictionary<uint, string> Parse(string passwd)
    {
        var names = new Dictionary<uint, string>();
        foreach (var line in passwd.AsSpan().EnumerateLines())
        {
            var first = line.IndexOf(':');
            if (first <= 0)
            {
                continue;
            }
            var afterName = line[(first + 1)..];
            var second = afterName.IndexOf(':');
            if (second < 0)
            {
                continue;
            }
            var uidField = afterName[(second + 1)..];
            var third = uidField.IndexOf(':');
            if (third >= 0)
            {
                uidField = uidField[..third];
            }
            if (uint.TryParse(uidField, NumberStyles.None, CultureInfo.InvariantCulture, out var uid))
            {
                names.TryAdd(uid, line[..first].ToString());
            }
        }
        return names;
    }
}
