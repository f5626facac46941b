using System;
using System.Threading;
using System.Threading.Tasks;
using AslCompiler.Runtime.Api;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using LogLevel = Microsoft.Extensions.Logging.LogLevel;

namespace AslCompiler.Hosting;

/// <summary>
/// The hosted service that owns the Step Functions' life: at start it resumes every RUNNING Standard execution from
/// its last committed transition (timers keep their due times); at stop it lets running Standard executions checkpoint
/// and leave, to resume on the next start. Registered before any activity worker, so it starts first and stops last.
/// </summary>
internal sealed partial class StepFunctionsScheduler : IHostedService
{
    private readonly LocalStepFunctions _stepFunctions;
    private readonly ILogger _logger;
    private readonly AslCompilerHealth? _health;

    public StepFunctionsScheduler(LocalStepFunctions stepFunctions, ILoggerFactory? loggerFactory = null, AslCompilerHealth? health = null)
    {
        _stepFunctions = stepFunctions;
        _logger = (loggerFactory ?? Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance).CreateLogger("AslCompiler.Hosting.Scheduler");
        _health = health;
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        Log.Recovering(_logger);
        _health?.Recovering();
        int resumed;
        try
        {
            resumed = await _stepFunctions.RecoverAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            _health?.RecoveryFailed(e);
            throw;
        }

        _health?.Running();
        Log.Recovered(_logger, resumed);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        Log.ShuttingDown(_logger);
        _health?.Stopping();
        await _stepFunctions.ShutdownAsync(cancellationToken).ConfigureAwait(false);
        Log.ShutDown(_logger);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 300, Level = LogLevel.Debug, Message = "Resuming the RUNNING Standard executions of the store")]
        public static partial void Recovering(ILogger logger);

        [LoggerMessage(EventId = 301, Level = LogLevel.Information, Message = "Step Functions started; RUNNING Standard executions resumed: {Resumed}")]
        public static partial void Recovered(ILogger logger, int resumed);

        [LoggerMessage(EventId = 302, Level = LogLevel.Debug, Message = "Checkpointing running executions before stopping")]
        public static partial void ShuttingDown(ILogger logger);

        [LoggerMessage(EventId = 303, Level = LogLevel.Information, Message = "Step Functions stopped; running Standard executions resume on the next start")]
        public static partial void ShutDown(ILogger logger);
    }
}
