namespace Scout.Bench;

/// <summary>One measurement the bench can run: <c>scout-bench &lt;name&gt; [options]</c>.</summary>
public interface IBenchCommand
{
    string Name { get; }

    /// <summary>One line for the usage text: options and what is measured.</summary>
    string Usage { get; }

    Task<int> RunAsync(string[] args, TextWriter stdout, CancellationToken ct);
}
