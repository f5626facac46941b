using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AslCompiler.Runtime.Api;
using AslCompiler.Runtime.Execution;
using AslCompiler.Runtime.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using LogLevel = Microsoft.Extensions.Logging.LogLevel;

namespace AslCompiler.Hosting;

/// <summary>
/// Polls GetActivityTask for one activity (<see cref="ActivityWorkerOptions.MaxConcurrency"/> polls at once), runs the
/// worker in a new scope per task and answers with SendTaskSuccess or SendTaskFailure. A task still running when the
/// host stops is not answered: the execution keeps waiting (and, when durable, waits again after the next start).
/// </summary>
internal sealed partial class ActivityWorkerService : BackgroundService
{
    private const int MaxErrorLength = 256;
    private const int MaxCauseLength = 32768;

    private readonly IServiceProvider _services;
    private readonly ActivityWorkerRegistration _registration;
    private readonly IStepFunctions _stepFunctions;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly string _workerName;

    public ActivityWorkerService(IServiceProvider services, ActivityWorkerRegistration registration)
    {
        _services = services;
        _registration = registration;
        _stepFunctions = services.GetRequiredService<IStepFunctions>();
        _time = services.GetService<TimeProvider>() ?? TimeProvider.System;
        _logger = (services.GetService<ILoggerFactory>() ?? Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance)
            .CreateLogger("AslCompiler.Hosting.ActivityWorker");
        _workerName = WorkerName(registration);
    }

    /// <summary>The worker name used for polls: the configured one, or machine name and worker type, cut to 80 characters.</summary>
    internal static string WorkerName(ActivityWorkerRegistration registration)
    {
        var name = registration.Options.WorkerName ?? Environment.MachineName + "-" + registration.WorkerTypeName;
        return name.Length <= 80 ? name : name[..80];
    }

    /// <summary>
    /// Creates the activity before the host's start completes (when <see cref="ActivityWorkerOptions.CreateActivity"/>):
    /// an execution started right after it finds the activity, where a task of one that does not exist fails as on AWS.
    /// </summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_registration.Options.CreateActivity)
        {
            await EnsureActivityAsync(cancellationToken).ConfigureAwait(false);
        }

        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        Log.WorkerStarted(_logger, _registration.ActivityArn, _workerName, _registration.Options.MaxConcurrency);
        var polls = Enumerable.Range(0, _registration.Options.MaxConcurrency).Select(_ => PollAsync(stoppingToken)).ToArray();
        await Task.WhenAll(polls).ConfigureAwait(false);
    }

    private async Task EnsureActivityAsync(CancellationToken stoppingToken)
    {
        var name = StepFunctionsArn.Parse(_registration.ActivityArn).Name;
        try
        {
            await _stepFunctions.CreateActivityAsync(new CreateActivityRequest { Name = name }, stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (StepFunctionsException e)
        {
            // An activity of that name with another configuration exists: poll it as it is.
            Log.CreateActivityFailed(_logger, _registration.ActivityArn, e.ErrorCode, e.Message);
        }
    }

    private async Task PollAsync(CancellationToken stoppingToken)
    {
        var request = new GetActivityTaskRequest { ActivityArn = _registration.ActivityArn, WorkerName = _workerName };
        while (!stoppingToken.IsCancellationRequested)
        {
            GetActivityTaskResponse response;
            try
            {
                response = await _stepFunctions.GetActivityTaskAsync(request, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // a failed poll (activity deleted, store unavailable) is logged and retried, never ends the host
            catch (Exception e)
#pragma warning restore CA1031
            {
                Log.PollFailed(_logger, e, _registration.ActivityArn);
                if (!await RetryDelayAsync(stoppingToken).ConfigureAwait(false))
                {
                    return;
                }

                continue;
            }

            if (response.TaskToken is { } token)
            {
                await WorkAsync(token, response.Input, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    private async Task<bool> RetryDelayAsync(CancellationToken stoppingToken)
    {
        try
        {
            // Real time, not the engine's clock: a virtual clock in tests would otherwise never end the pause.
            await Task.Delay(_registration.Options.RetryDelay, stoppingToken).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private async Task WorkAsync(string token, string? input, CancellationToken stoppingToken)
    {
        var task = new ActivityWorkItem(_stepFunctions, _registration.ActivityArn, _workerName, token, JsonValue.Parse(input ?? "{}"));
        using var heartbeatStop = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var heartbeats = _registration.Options.HeartbeatInterval is { } interval
            ? HeartbeatAsync(task, interval, heartbeatStop.Token)
            : Task.CompletedTask;
        try
        {
            JsonValue result;
            var scope = _services.CreateAsyncScope();
            await using (scope.ConfigureAwait(false))
            {
                result = await _registration.Execute(scope.ServiceProvider, task, stoppingToken).ConfigureAwait(false);
            }

            heartbeatStop.Cancel();
            await AnswerAsync(() => _stepFunctions.SendTaskSuccessAsync(new SendTaskSuccessRequest { TaskToken = token, Output = result.ToJsonString() }), "SendTaskSuccess").ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            Log.TaskAbandoned(_logger, _registration.ActivityArn);
        }
        catch (TaskFailedException e)
        {
            heartbeatStop.Cancel();
            await FailAsync(token, e.Error, e.ErrorCause).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // a worker's unexpected exception fails the task, as a Lambda error does
        catch (Exception e)
#pragma warning restore CA1031
        {
            heartbeatStop.Cancel();
            await FailAsync(token, e.GetType().Name, e.Message).ConfigureAwait(false);
        }
        finally
        {
            heartbeatStop.Cancel();
            await heartbeats.ConfigureAwait(false);
        }
    }

    private Task FailAsync(string token, string error, string? cause) =>
        AnswerAsync(
            () => _stepFunctions.SendTaskFailureAsync(new SendTaskFailureRequest { TaskToken = token, Error = Cut(error, MaxErrorLength), Cause = cause is null ? null : Cut(cause, MaxCauseLength) }),
            "SendTaskFailure");

    private static string Cut(string text, int length) => text.Length <= length ? text : text[..length];

    private async Task AnswerAsync(Func<Task> send, string action)
    {
        try
        {
            // Not cancelled by the host stopping: the work is done and its answer must not be lost.
            await send().ConfigureAwait(false);
        }
        catch (StepFunctionsException e)
        {
            // TaskTimedOut, TaskDoesNotExist, InvalidToken: the execution stopped waiting for this task.
            Log.AnswerRefused(_logger, action, _registration.ActivityArn, e.ErrorCode, e.Message);
        }
    }

    private async Task HeartbeatAsync(ActivityWorkItem task, TimeSpan interval, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                await Task.Delay(interval, _time, cancellationToken).ConfigureAwait(false);
                await task.HeartbeatAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (StepFunctionsException e)
        {
            Log.AnswerRefused(_logger, "SendTaskHeartbeat", _registration.ActivityArn, e.ErrorCode, e.Message);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 200, Level = LogLevel.Information, Message = "Activity worker for {ActivityArn} started as {WorkerName} with {MaxConcurrency} concurrent polls")]
        public static partial void WorkerStarted(ILogger logger, string activityArn, string workerName, int maxConcurrency);

        [LoggerMessage(EventId = 201, Level = LogLevel.Warning, Message = "Could not create activity {ActivityArn}: {ErrorCode}: {Reason}")]
        public static partial void CreateActivityFailed(ILogger logger, string activityArn, string errorCode, string reason);

        [LoggerMessage(EventId = 202, Level = LogLevel.Warning, Message = "GetActivityTask for {ActivityArn} failed; polling again shortly")]
        public static partial void PollFailed(ILogger logger, Exception exception, string activityArn);

        [LoggerMessage(EventId = 203, Level = LogLevel.Warning, Message = "{Action} for a task of {ActivityArn} was refused: {ErrorCode}: {Reason}")]
        public static partial void AnswerRefused(ILogger logger, string action, string activityArn, string errorCode, string reason);

        [LoggerMessage(EventId = 204, Level = LogLevel.Information, Message = "A task of {ActivityArn} was left unanswered because the host is stopping")]
        public static partial void TaskAbandoned(ILogger logger, string activityArn);
    }
}
