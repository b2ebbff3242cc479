namespace Scout.Agent.Metrics;

/// <summary>
/// Hides what looks like a secret in a command line before it leaves the machine: the process table goes to
/// every member of the account. Works on words (arguments, split on NUL and white space, so a rewritten process
/// title is covered too) and replaces values, never names, so a row still says what runs and with which options:
/// <list type="bullet">
/// <item><c>--password x</c>, <c>--token x</c>, <c>--api-key x</c>: the word after an option whose name looks secret;</item>
/// <item><c>--password=x</c>, <c>PGPASSWORD=x</c>, <c>-Dkey=x</c>, <c>?token=x&amp;</c>, <c>Password=x;</c>: a value after
/// <c>=</c> whose name looks secret, up to <c>&amp;</c>, <c>;</c> or <c>,</c>;</item>
/// <item><c>scheme://user:password@host</c>: the password of a URL;</item>
/// <item><c>Bearer x</c>, <c>Authorization: Basic x</c>, <c>X-Api-Key: x</c>: a credential after an HTTP scheme or header;</item>
/// <item>a few programs' own short options: <c>mysql -pSECRET</c>, <c>sshpass -p x</c>, <c>redis-cli -a x</c>,
/// <c>curl -u user:x</c>.</item>
/// </list>
/// A name looks secret when it holds password, passwd, passphrase, secret, token, auth, credential, apikey,
/// accesskey or privatekey, or ends in key, pass or pwd (case, '-', '_' and '.' ignored). A plain <c>-p</c> is not
/// hidden elsewhere: for most programs it is a port. Erring towards hiding: <c>--sort-key name</c> loses its value.
/// Runs only when a shown process's details are read (every 10 s at most), not per sample.
/// </summary>
public static class CommandLineRedaction
{
    public const string Mask = "***";

    private static readonly string[] SecretParts =
        ["password", "passwd", "passphrase", "secret", "token", "auth", "credential", "apikey", "accesskey", "privatekey"];

    private static readonly string[] SecretEnds = ["key", "pass", "pwd"];

    private static readonly string[] HttpSchemes = ["bearer", "basic", "token", "digest"];

    /// <summary>The words with every value that looks secret replaced by <see cref="Mask"/>, in place.</summary>
    public static void Redact(string[] words)
    {
        if (words.Length == 0) return;
        var program = Path.GetFileName(words[0]);
        for (var i = 0; i < words.Length; i++)
        {
            var word = words[i];
            if (ProgramOption(program, word) is { } attached)
            {
                words[i] = attached;
                continue;
            }
            if (TakesSecretValue(program, word) && i + 1 < words.Length)
            {
                i++;
                // "Authorization: Bearer x": keep the scheme, hide what follows it.
                if (word.EndsWith(':') && IsHttpScheme(words[i]) && i + 1 < words.Length)
                    i++;
                words[i] = program is "curl" && word is "-u" or "--user" ? UserPassword(words[i]) : Mask;
                continue;
            }
            words[i] = UrlPassword(Assignments(word));
        }
    }

    /// <summary>Whether the word is an option or header whose value is the next word.</summary>
    private static bool TakesSecretValue(string program, string word)
    {
        // Only "Bearer" on its own: "token" and "basic" are too often plain words (kubeadm token create).
        if (word.Equals("bearer", StringComparison.OrdinalIgnoreCase)) return true;
        if (word.EndsWith(':') && word.Length > 1) return IsSecretName(word.AsSpan(0, word.Length - 1));
        if (word.Length < 2 || word[0] != '-' || word.Contains('=')) return false;
        return (program, word) switch
        {
            ("sshpass", "-p") or ("redis-cli", "-a") or ("curl", "-u" or "--user") => true,
            _ => word.Length > 2 && IsSecretName(word.AsSpan()),
        };
    }

    /// <summary>A program's own short option with the secret attached (<c>mysql -pSECRET</c>), redacted; else null.</summary>
    private static string? ProgramOption(string program, string word)
    {
        var mysql = program.StartsWith("mysql", StringComparison.Ordinal) || program.StartsWith("mariadb", StringComparison.Ordinal);
        if (mysql && word.Length > 2 && word.StartsWith("-p", StringComparison.Ordinal)) return "-p" + Mask;
        if (program is "sshpass" && word.Length > 2 && word.StartsWith("-p", StringComparison.Ordinal)) return "-p" + Mask;
        return null;
    }

    /// <summary>name=value pairs inside a word (options, environment, query strings, connection strings).</summary>
    private static string Assignments(string word)
    {
        var equals = word.IndexOf('=');
        if (equals < 0) return word;
        var result = new System.Text.StringBuilder(word.Length);
        var copied = 0;
        while (equals >= 0)
        {
            var nameStart = equals;
            while (nameStart > 0 && IsNameChar(word[nameStart - 1])) nameStart--;
            var valueEnd = word.IndexOfAny(['&', ';', ','], equals + 1);
            if (valueEnd < 0) valueEnd = word.Length;
            if (equals > nameStart && valueEnd > equals + 1 && IsSecretName(word.AsSpan(nameStart, equals - nameStart)))
            {
                result.Append(word, copied, equals + 1 - copied).Append(Mask);
                copied = valueEnd;
            }
            equals = valueEnd < word.Length ? word.IndexOf('=', valueEnd) : -1;
        }
        if (copied == 0) return word;
        return result.Append(word, copied, word.Length - copied).ToString();
    }

    /// <summary>scheme://user:password@host → scheme://user:***@host, for every URL in the word.</summary>
    private static string UrlPassword(string word)
    {
        var from = 0;
        while ((from = word.IndexOf("://", from, StringComparison.Ordinal)) >= 0)
        {
            var start = from + 3;
            var end = word.IndexOfAny(['/', '?', '#', ' '], start);
            if (end < 0) end = word.Length;
            var at = word.LastIndexOf('@', end - 1, end - start);
            var colon = at < 0 ? -1 : word.IndexOf(':', start, at - start);
            if (colon >= 0 && at > colon + 1 && word.AsSpan(colon + 1, at - colon - 1).SequenceEqual(Mask) is false)
                word = string.Concat(word.AsSpan(0, colon + 1), Mask, word.AsSpan(at));
            from = start;
        }
        return word;
    }

    /// <summary>user:password → user:***; a value without a colon is all secret.</summary>
    private static string UserPassword(string value)
    {
        var colon = value.IndexOf(':');
        return colon < 0 ? Mask : value[..(colon + 1)] + Mask;
    }

    private static bool IsHttpScheme(string word)
    {
        foreach (var scheme in HttpSchemes)
            if (word.Equals(scheme, StringComparison.OrdinalIgnoreCase)) return true;
        return false;
    }

    private static bool IsNameChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.';

    /// <summary>Whether an option or variable name looks like it names a secret.</summary>
    public static bool IsSecretName(ReadOnlySpan<char> name)
    {
        Span<char> normal = stackalloc char[Math.Min(name.Length, 128)];
        var length = 0;
        foreach (var c in name)
        {
            if (c is '-' or '_' or '.' || length == normal.Length) continue;
            normal[length++] = char.ToLowerInvariant(c);
        }
        var text = normal[..length];
        foreach (var part in SecretParts)
            if (text.Contains(part, StringComparison.Ordinal)) return true;
        foreach (var end in SecretEnds)
            if (text.EndsWith(end, StringComparison.Ordinal)) return true;
        return false;
    }
}
