namespace AslCompiler.Sqlite.Tests;

/// <summary>Runs alone: it holds the whole thread pool for a moment, which would stall tests running beside it.</summary>
[CollectionDefinition(nameof(PoolStarvationTests), DisableParallelization = true)]
public sealed class PoolStarvationGroup;

/// <summary>
/// The control plane saves its snapshot while holding its write lock and waits for the save synchronously; concurrent
/// requests blocked on that lock can take every pool thread. The save must then still finish: its task is completed by
/// the store's writer thread, with no pool thread needed (an async wrapper needed one, and a burst of 60 writes on a
/// fresh <c>asl serve --store</c> took 52 s).
/// </summary>
[Collection(nameof(PoolStarvationTests))]
public sealed class PoolStarvationTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task A_resource_save_waited_for_synchronously_completes_while_the_thread_pool_is_starved()
    {
        await using var store = SqliteStepFunctionsStore.Open(_dir.File("s.db"));
        await store.SaveResourcesAsync("""{"v":0}""", CancellationToken.None); // the writer is warm

        // Not a disposable event: items still queued when the test ends wait on it after it is set.
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Exception? failure = null;
        var saved = 0;
        var writer = new Thread(() =>
        {
            try
            {
                for (var i = 1; i <= 10; i++)
                {
                    store.SaveResourcesAsync("{\"v\":" + i + "}", CancellationToken.None).AsTask().GetAwaiter().GetResult();
                    saved = i;
                }
            }
            catch (Exception e)
            {
                failure = e;
            }
        });

        // Far more blocking items than the pool has threads: every thread it has, or adds, takes one of them first.
        for (var i = 0; i < 2000; i++)
        {
            ThreadPool.UnsafeQueueUserWorkItem(_ => release.Task.Wait(), null);
        }

        try
        {
            writer.Start();
            Assert.True(writer.Join(TimeSpan.FromSeconds(10)), "the saves waited for a pool thread (" + saved + " of 10 done)");
        }
        finally
        {
            release.SetResult();
        }

        Assert.Null(failure);
        Assert.Equal("""{"v":10}""", await store.LoadResourcesAsync(CancellationToken.None));
    }
}
