using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using AslCompiler.Runtime.Api;
using Microsoft.Extensions.Options;

namespace AslCompiler.Hosting;

/// <summary>
/// Checks <see cref="AslCompilerOptions"/>, the task handler resources and the activity workers when the host starts,
/// and names every problem at once (an <see cref="OptionsValidationException"/> whose failures each say what is wrong and where).
/// </summary>
internal sealed partial class AslCompilerOptionsValidator : IValidateOptions<AslCompilerOptions>
{
    private const int MaxConcurrency = 100;

    private readonly IEnumerable<TaskHandlerRegistration> _handlers;
    private readonly IEnumerable<ActivityWorkerRegistration> _workers;
    private readonly StoreChoice _store;

    public AslCompilerOptionsValidator(IEnumerable<TaskHandlerRegistration> handlers, IEnumerable<ActivityWorkerRegistration> workers, StoreChoice store)
    {
        _handlers = handlers;
        _workers = workers;
        _store = store;
    }

    public ValidateOptionsResult Validate(string? name, AslCompilerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        CheckPlace(options, failures);
        CheckStore(options, failures);
        CheckHandlers(failures);
        CheckWorkers(options, failures);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void CheckPlace(AslCompilerOptions options, List<string> failures)
    {
        if (options.Partition is null || !PartitionPattern().IsMatch(options.Partition))
        {
            failures.Add(Quote("AslCompilerOptions.Partition", options.Partition) + " is not an AWS partition (aws, aws-cn, aws-us-gov, ...).");
        }

        if (options.Region is null || !RegionPattern().IsMatch(options.Region))
        {
            failures.Add(Quote("AslCompilerOptions.Region", options.Region) + " is not a region name like us-east-1 or eu-central-2.");
        }

        if (options.AccountId is null || !AccountPattern().IsMatch(options.AccountId))
        {
            failures.Add(Quote("AslCompilerOptions.AccountId", options.AccountId) + " is not a twelve-digit account id.");
        }

        if (options.RoleArn is not null && !RolePattern().IsMatch(options.RoleArn))
        {
            failures.Add(Quote("AslCompilerOptions.RoleArn", options.RoleArn) + " is not an IAM role ARN like arn:aws:iam::123456789012:role/StatesExecutionRole.");
        }
    }

    private void CheckStore(AslCompilerOptions options, List<string> failures)
    {
        if (options.ClaimLease <= TimeSpan.Zero)
        {
            failures.Add("AslCompilerOptions.ClaimLease must be positive.");
        }

        if (options.StandardExecutionRetention <= TimeSpan.Zero && options.StandardExecutionRetention != System.Threading.Timeout.InfiniteTimeSpan)
        {
            failures.Add("AslCompilerOptions.StandardExecutionRetention must be positive, or Timeout.InfiniteTimeSpan to keep ended executions for good.");
        }

        if (options.Owner is not null && string.IsNullOrWhiteSpace(options.Owner))
        {
            failures.Add("AslCompilerOptions.Owner is empty: give a name, or leave it null for a new id per start.");
        }

        // Empty is none, as null: configuration cannot give null (AslCompiler__StorePath= clears an appsettings.json path).
        if (string.IsNullOrWhiteSpace(options.StorePath))
        {
            return;
        }

        if (_store.Factory is not null)
        {
            failures.Add("AslCompilerOptions.StorePath is set to '" + options.StorePath + "' but UseStore(...) also chose a store: use one or the other.");
        }
    }

    private void CheckHandlers(List<string> failures)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var handler in _handlers)
        {
            var resource = handler.Resource;
            if (!resource.EndsWith('*') && !IsResourceArn(resource) && !LambdaFunctionName().IsMatch(resource))
            {
                failures.Add("Task handler " + handler.Source + ": resource '" + resource + "' is neither an ARN (arn:partition:service:region:account:resource), a Lambda function name (as lambda:invoke's FunctionName gives it), nor a prefix pattern ending in '*'.");
            }

            if (!seen.Add(resource))
            {
                failures.Add("Task handler " + handler.Source + ": resource '" + resource + "' has more than one handler.");
            }
        }
    }

    private void CheckWorkers(AslCompilerOptions options, List<string> failures)
    {
        foreach (var worker in _workers)
        {
            var where = "Activity worker " + worker.WorkerTypeName + " for '" + worker.ActivityArn + "': ";
            if (!StepFunctionsArn.TryParse(worker.ActivityArn, out var arn, out var error))
            {
                failures.Add(where + error + " (expected arn:" + options.Partition + ":states:" + options.Region + ":" + options.AccountId + ":activity:NAME).");
            }
            else if (arn.ResourceType != StepFunctionsResourceType.Activity)
            {
                failures.Add(where + "not an activity ARN (expected arn:" + options.Partition + ":states:" + options.Region + ":" + options.AccountId + ":activity:NAME).");
            }
            else if (arn.Partition != options.Partition || arn.Region != options.Region || arn.AccountId != options.AccountId)
            {
                failures.Add(where + "its partition, region and account (" + arn.Partition + ", " + arn.Region + ", " + arn.AccountId
                    + ") are not this host's (" + options.Partition + ", " + options.Region + ", " + options.AccountId + "), so no execution here can schedule it.");
            }

            var workerOptions = worker.Options;
            if (workerOptions.MaxConcurrency is < 1 or > MaxConcurrency)
            {
                failures.Add(where + "MaxConcurrency is " + workerOptions.MaxConcurrency.ToString(CultureInfo.InvariantCulture) + "; it must be between 1 and " + MaxConcurrency.ToString(CultureInfo.InvariantCulture) + ".");
            }

            if (workerOptions.WorkerName is { } workerName && workerName.Length is 0 or > 80)
            {
                failures.Add(where + "WorkerName must be 1 to 80 characters long.");
            }

            if (workerOptions.HeartbeatInterval is { } interval && interval <= TimeSpan.Zero)
            {
                failures.Add(where + "HeartbeatInterval must be positive.");
            }

            if (workerOptions.RetryDelay < TimeSpan.Zero)
            {
                failures.Add(where + "RetryDelay must not be negative.");
            }
        }
    }

    private static bool IsResourceArn(string resource)
    {
        var parts = resource.Split(':');
        return parts.Length >= 6 && parts[0] == "arn" && parts[1].Length > 0 && parts[2].Length > 0 && parts.Skip(5).Any(p => p.Length > 0);
    }

    private static string Quote(string option, string? value) => option + " '" + value + "'";

    /// <summary>
    /// A function name as <c>lambda:invoke</c>'s <c>FunctionName</c> may give it without an ARN (<c>Notify</c>,
    /// <c>Notify:live</c>, <c>123456789012:function:Notify</c>): the kernel calls the handler registered under exactly that text.
    /// </summary>
    [GeneratedRegex(@"^([0-9]{12}:)?(function:)?[a-zA-Z0-9_.-]{1,140}(:(\$LATEST|[a-zA-Z0-9_-]{1,128}))?$", RegexOptions.CultureInvariant)]
    private static partial Regex LambdaFunctionName();

    [GeneratedRegex("^aws(-[a-z]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex PartitionPattern();

    [GeneratedRegex("^[a-z]{2}(-[a-z]+)+-[0-9]{1,2}$", RegexOptions.CultureInvariant)]
    private static partial Regex RegionPattern();

    [GeneratedRegex("^[0-9]{12}$", RegexOptions.CultureInvariant)]
    private static partial Regex AccountPattern();

    [GeneratedRegex("^arn:aws(-[a-z]+)*:iam::[0-9]{12}:role/[\\w+=,.@/-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex RolePattern();
}
