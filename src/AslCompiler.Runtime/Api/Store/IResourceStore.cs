using System;
using System.Threading;

namespace AslCompiler.Runtime.Api.Store;

/// <summary>
/// Where the control plane keeps state machines, versions, aliases, activities and tags. Reads see one
/// consistent snapshot; a write turns one snapshot into the next atomically, so the rules of the actions
/// (idempotency, revision checks, alias references) are checked and applied as one step. The in-memory
/// store is the default; a durable store (issue 9) implements the same contract by persisting the new snapshot
/// (or its difference) inside its own transaction.
/// </summary>
internal interface IResourceStore
{
    /// <summary>Reads the current snapshot.</summary>
    ResourceState Current { get; }

    /// <summary>Applies <paramref name="write"/> atomically; it may run again if another write won the race, so it must be pure.</summary>
    TResult Write<TResult>(Func<ResourceState, (ResourceState State, TResult Result)> write);
}

/// <summary>The in-memory store: an immutable snapshot swapped with compare-and-exchange.</summary>
internal sealed class InMemoryResourceStore : IResourceStore
{
    private ResourceState _state = ResourceState.Empty;

    public ResourceState Current => Volatile.Read(ref _state);

    public TResult Write<TResult>(Func<ResourceState, (ResourceState State, TResult Result)> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        while (true)
        {
            var before = Volatile.Read(ref _state);
            var (after, result) = write(before);
            if (ReferenceEquals(after, before) || ReferenceEquals(Interlocked.CompareExchange(ref _state, after, before), before))
            {
                return result;
            }
        }
    }
}
