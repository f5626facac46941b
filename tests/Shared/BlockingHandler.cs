using AslCompiler.Runtime.Json;
using AslCompiler.Runtime.Tasks;

namespace AslCompiler.Tests.Shared;

/// <summary>
/// A task handler that holds its thread at its first call until the test releases it (it never looks at its
/// cancellation token), then answers <paramref name="output"/>; later calls answer at once. It waits on a task, so the
/// thread pool makes up for the thread at once. Disposing it releases it.
/// </summary>
internal sealed class BlockingHandler(string output) : IDisposable
{
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _calls;

    /// <summary>Completes when the first call holds the thread.</summary>
    public Task Entered => _entered.Task;

    /// <summary>How many times the handler was called.</summary>
    public int Calls => Volatile.Read(ref _calls);

    public void Release() => _release.TrySetResult();

    public ValueTask<JsonValue> Invoke(TaskInvocation invocation)
    {
        if (Interlocked.Increment(ref _calls) == 1)
        {
            _entered.TrySetResult();
            _release.Task.Wait();
        }

        return ValueTask.FromResult(JsonValue.Parse(output));
    }

    public void Dispose() => Release();
}
