using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AslCompiler.Hosting;

/// <summary>
/// The health of the host's Step Functions (registered by
/// <see cref="AslCompilerHealthChecksBuilderExtensions.AddAslCompiler"/>): healthy once the scheduler has resumed the
/// store's RUNNING executions and while no execution's run has stopped because the store could not be written.
/// Such an execution stays RUNNING and resumes only when the store is recovered, at the host's next start, so the check
/// stays unhealthy until then: an orchestrator that restarts unhealthy instances resumes them.
/// </summary>
public sealed class AslCompilerHealthCheck : IHealthCheck
{
    private readonly AslCompilerHealth _health;

    internal AslCompilerHealthCheck(AslCompilerHealth health) => _health = health;

    /// <summary>Reports the scheduler's phase and the executions the store's failures stopped.</summary>
    /// <param name="context">The check's registration (its failure status).</param>
    /// <param name="cancellationToken">Not used: the check reads what it was told, without I/O.</param>
    /// <returns>The result, with <c>phase</c> and <c>interruptedExecutions</c> in its data (and the last interrupted execution's ARN and the store's error, when any).</returns>
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var failureStatus = context.Registration?.FailureStatus ?? HealthStatus.Unhealthy;
        var now = _health.Read();
        var data = new Dictionary<string, object>
        {
            ["phase"] = now.Phase.ToString(),
            ["interruptedExecutions"] = now.Interrupted,
        };
        if (now.LastInterruptedArn is not null)
        {
            data["lastInterruptedExecution"] = now.LastInterruptedArn;
            data["lastInterruptedAt"] = now.LastInterruptedAt.ToString("O", CultureInfo.InvariantCulture);
            data["lastStoreError"] = now.LastStoreFailure?.Message ?? string.Empty;
        }

        var result = now.Phase switch
        {
            AslCompilerHealth.SchedulerPhase.NotStarted => new HealthCheckResult(
                failureStatus,
                "Step Functions have not started: the host has not started AddAslCompiler's scheduler.",
                data: data),
            AslCompilerHealth.SchedulerPhase.Recovering => new HealthCheckResult(
                failureStatus,
                "Step Functions are starting: the scheduler is resuming the store's RUNNING executions.",
                data: data),
            AslCompilerHealth.SchedulerPhase.RecoveryFailed => new HealthCheckResult(
                failureStatus,
                "Step Functions did not start: recovering the store failed (" + now.RecoveryFailure?.Message + ").",
                now.RecoveryFailure,
                data),
            AslCompilerHealth.SchedulerPhase.Stopping => new HealthCheckResult(
                failureStatus,
                "Step Functions are stopping: running executions checkpoint and resume on the next start.",
                data: data),
            _ when now.Interrupted > 0 => new HealthCheckResult(
                failureStatus,
                Interrupted(now),
                now.LastStoreFailure,
                data),
            _ => HealthCheckResult.Healthy("Step Functions are running.", data),
        };
        return Task.FromResult(result);
    }

    private static string Interrupted(AslCompilerHealth.Snapshot now) =>
        (now.Interrupted == 1 ? "1 execution stopped" : now.Interrupted.ToString(CultureInfo.InvariantCulture) + " executions stopped")
        + " without an end because the store could not be written (last: " + now.LastInterruptedArn + ", at "
        + now.LastInterruptedAt.ToString("O", CultureInfo.InvariantCulture) + ": " + now.LastStoreFailure?.Message
        + "). They stay RUNNING and resume from their last commit when the host starts again.";
}
