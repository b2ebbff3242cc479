using Xunit;

namespace Scout.Tests.Deploy;

/// <summary>
/// Specs that run a whole deployment of real processes (several nodes, nginx, an agent): they run alone, after
/// the parallel specs, so that the timings they assert are the deployment's and not those of other tests
/// competing for the same two cores.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessCollection
{
    public const string Name = "whole deployments";
}
