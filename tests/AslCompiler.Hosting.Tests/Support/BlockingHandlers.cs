namespace AslCompiler.Hosting.Tests;

/// <summary>
/// Tests whose task handlers block their thread: they hold thread-pool threads while they run, so they run alone, not
/// beside tests that time work on the pool.
/// </summary>
[CollectionDefinition(Collection, DisableParallelization = true)]
public sealed class BlockingHandlers
{
    public const string Collection = "Blocking handlers";
}
