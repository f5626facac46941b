using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace AslCompiler.Runtime.Execution;

/// <summary>
/// The scheduled tasks of one activity, oldest first, for the workers that poll it. A task that ends before a worker
/// takes it (its execution stopped, its timeout passed, a callback answered it) leaves the queue at once: a user trial
/// found ended tasks, inputs and all, kept until some worker polled (1.2 GB after 30,000 timed-out executions whose
/// worker was offline), and for ever once the activity was deleted.
/// </summary>
internal sealed class ActivityQueue
{
    private readonly object _gate = new();
    private readonly LinkedList<ActivityTask> _tasks = new();
    private readonly Dictionary<string, LinkedListNode<ActivityTask>> _byToken = new(StringComparer.Ordinal);
    private readonly LinkedList<TaskCompletionSource<ActivityTask>> _waiters = new();

    /// <summary>How many tasks wait for a worker.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _tasks.Count;
            }
        }
    }

    /// <summary>Hands the task to the longest-waiting poll, or keeps it for the next one.</summary>
    public void Enqueue(ActivityTask task)
    {
        lock (_gate)
        {
            while (_waiters.First is { } waiter)
            {
                _waiters.RemoveFirst();
                if (waiter.Value.TrySetResult(task))
                {
                    return;
                }
            }

            _byToken[task.TaskToken] = _tasks.AddLast(task);
        }
    }

    /// <summary>Takes the task of <paramref name="token"/> out of the queue, if no worker has taken it yet.</summary>
    public void Remove(string token)
    {
        lock (_gate)
        {
            if (_byToken.Remove(token, out var node))
            {
                _tasks.Remove(node);
            }
        }
    }

    /// <summary>The oldest task, once there is one.</summary>
    public async ValueTask<ActivityTask> DequeueAsync(CancellationToken cancellationToken)
    {
        TaskCompletionSource<ActivityTask> waiter;
        LinkedListNode<TaskCompletionSource<ActivityTask>> node;
        lock (_gate)
        {
            if (_tasks.First is { } first)
            {
                _tasks.RemoveFirst();
                _byToken.Remove(first.Value.TaskToken);
                return first.Value;
            }

            cancellationToken.ThrowIfCancellationRequested();
            waiter = new TaskCompletionSource<ActivityTask>(TaskCreationOptions.RunContinuationsAsynchronously);
            node = _waiters.AddLast(waiter);
        }

        using (cancellationToken.Register(() => Abandon(node, cancellationToken)))
        {
            return await waiter.Task.ConfigureAwait(false);
        }
    }

    /// <summary>A poll given up: it leaves the waiters (unless a task was handed to it first, which it then returns).</summary>
    private void Abandon(LinkedListNode<TaskCompletionSource<ActivityTask>> node, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (node.List is not null)
            {
                _waiters.Remove(node);
            }
        }

        node.Value.TrySetCanceled(cancellationToken);
    }
}
