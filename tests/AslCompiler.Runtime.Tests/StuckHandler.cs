using AslCompiler.Runtime.Json;
using AslCompiler.Runtime.Tasks;

namespace AslCompiler.Runtime.Tests;

/// <summary>A task handler that awaits and ignores its cancellation token: it ends only when the test releases it.</summary>
internal sealed class StuckHandler
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<JsonValue> _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _returned = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _calls;

    /// <summary>Completes when the handler is first called.</summary>
    public Task Entered => _entered.Task;

    /// <summary>How many times the handler was called.</summary>
    public int Calls => Volatile.Read(ref _calls);

    /// <summary>Lets the handler return <paramref name="result"/> and waits until it has.</summary>
    public Task ReleaseAsync(JsonValue result)
    {
        _release.TrySetResult(result);
        return _returned.Task.WaitAsync(Bound);
    }

    public async ValueTask<JsonValue> InvokeAsync(TaskInvocation invocation)
    {
        Interlocked.Increment(ref _calls);
        invocation.ReleaseClock(); // it never answers on its own: a virtual clock may jump to its timeouts at once
        _entered.TrySetResult();
        try
        {
            return await _release.Task;
        }
        finally
        {
            _returned.TrySetResult();
        }
    }
}
