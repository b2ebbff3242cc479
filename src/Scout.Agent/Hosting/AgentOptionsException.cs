namespace Scout.Agent.Hosting;

/// <summary>A missing or bad option; the message is one line fit for stderr and never contains the key.</summary>
public sealed class AgentOptionsException(string message) : Exception(message);
