using System;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Threading;

namespace AslCompiler.Runtime.Api.Store;

/// <summary>
/// The control plane over an <see cref="IStepFunctionsStore"/>: the snapshot lives in memory as before, and every write
/// that changes it saves the whole snapshot (JSON) before the action returns. Writes are serialized, so the store sees
/// snapshots in order. The control plane is small (definitions, versions, aliases, activities, tags), so one document
/// per write is simpler and safer than diffs.
/// </summary>
internal sealed class PersistentResourceStore(IStepFunctionsStore store) : IResourceStore
{

    private readonly object _writeGate = new();
    private ResourceState _state = ResourceState.Empty;

    public ResourceState Current => Volatile.Read(ref _state);

    public TResult Write<TResult>(Func<ResourceState, (ResourceState State, TResult Result)> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        lock (_writeGate)
        {
            var before = _state;
            var (after, result) = write(before);
            if (!ReferenceEquals(after, before))
            {
                // Durable before anyone sees it. The store's API is asynchronous; a local store completes synchronously.
                store.SaveResourcesAsync(Serialize(after), CancellationToken.None).AsTask().GetAwaiter().GetResult();
                Volatile.Write(ref _state, after);
            }

            return result;
        }
    }

    /// <summary>Replaces the snapshot with one loaded from the store (recovery, before any action runs).</summary>
    public void Load(ResourceState state)
    {
        lock (_writeGate)
        {
            Volatile.Write(ref _state, state);
        }
    }

    // Source-generated: the first snapshot costs no reflection warm-up (it used to take a second or more on a loaded machine).
    internal static string Serialize(ResourceState state) => JsonSerializer.Serialize(state, ResourceSnapshotJson.Default.ResourceState);

    internal static ResourceState Deserialize(string json) =>
        JsonSerializer.Deserialize(json, ResourceSnapshotJson.Default.ResourceState) ?? ResourceState.Empty;
}

/// <summary>The control-plane snapshot's JSON (enums as their names, nulls left out), generated at compile time.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, UseStringEnumConverter = true)]
[JsonSerializable(typeof(ResourceState))]
internal sealed partial class ResourceSnapshotJson : JsonSerializerContext;
