namespace AslCompiler.Runtime.Tests.Api;

/// <summary>
/// Tests whose task handlers block their thread (the work a run cannot give up on): they hold thread-pool threads
/// while they run, so they run alone, not beside tests that time real work on the pool (an HTTP call's 300 ms).
/// </summary>
[CollectionDefinition(Collection, DisableParallelization = true)]
public sealed class BlockingHandlers
{
    public const string Collection = "Blocking handlers";
}
