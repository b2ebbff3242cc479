namespace Scout.Web.Agents;

/// <summary>
/// How many servers one account's agent keys may bring in (Scout:Agents:*). A key sits on every monitored
/// machine, so one compromised host must not be able to create servers without end: the total is capped, and
/// new hostnames come in a burst and then at a steady rate. Known hostnames always connect.
/// </summary>
public sealed class AgentAdmissionSettings
{
    public const string Section = "Scout:Agents";

    /// <summary>Most servers an account may have (Scout:Agents:MaxServersPerAccount).</summary>
    public int MaxServersPerAccount { get; set; } = 1000;

    /// <summary>New servers an account may add at once (Scout:Agents:NewServerBurst), e.g. a fleet rolled out together.</summary>
    public int NewServerBurst { get; set; } = 20;

    /// <summary>New servers per minute after the burst (Scout:Agents:NewServersPerMinute): 200 machines in about 30 minutes.</summary>
    public double NewServersPerMinute { get; set; } = 6;

    public string? Validate() =>
        MaxServersPerAccount < 1 ? $"{Section}:MaxServersPerAccount must be at least 1 (is {MaxServersPerAccount})"
        : NewServerBurst < 1 ? $"{Section}:NewServerBurst must be at least 1 (is {NewServerBurst})"
        : !(NewServersPerMinute > 0) ? $"{Section}:NewServersPerMinute must be positive (is {NewServersPerMinute})"
        : null;
}
