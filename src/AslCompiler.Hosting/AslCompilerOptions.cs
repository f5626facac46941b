using System;

namespace AslCompiler.Hosting;

/// <summary>
/// Where the hosted Step Functions lives and what it keeps. Bound like any options type
/// (<c>services.AddAslCompiler(o => ...)</c>, or <c>builder.Services.Configure&lt;AslCompilerOptions&gt;(section)</c>) and
/// validated when the host starts.
/// </summary>
public sealed class AslCompilerOptions
{
    /// <summary>The ARN partition (<c>aws</c>, <c>aws-cn</c>, <c>aws-us-gov</c>, ...). Default <c>aws</c>.</summary>
    public string Partition { get; set; } = "aws";

    /// <summary>The region in ARNs, e.g. <c>eu-west-1</c>. Default <c>us-east-1</c>.</summary>
    public string Region { get; set; } = "us-east-1";

    /// <summary>The twelve-digit account id in ARNs. Default <c>123456789012</c>.</summary>
    public string AccountId { get; set; } = "123456789012";

    /// <summary>
    /// The execution role (<c>$$.Execution.RoleArn</c>), an IAM role ARN. Default:
    /// <c>arn:{Partition}:iam::{AccountId}:role/StatesExecutionRole</c>.
    /// </summary>
    public string? RoleArn { get; set; }

    /// <summary>
    /// A file that keeps state machines and Standard executions across restarts: an embedded SQLite database unless
    /// <see cref="AslCompilerBuilder.UsePathStore"/> chose another opener. Default: none, everything in memory; empty or
    /// white space is none too, so configuration (which cannot give null) can clear a path set elsewhere. A relative path
    /// is resolved against the current directory.
    /// </summary>
    public string? StorePath { get; set; }

    /// <summary>
    /// The name this host claims executions under in a store shared by several nodes; default: a new id per start.
    /// Nodes sharing one store need distinct owners.
    /// </summary>
    public string? Owner { get; set; }

    /// <summary>How long a claim on an execution lasts before another node may take it over. Default: 5 minutes.</summary>
    public TimeSpan ClaimLease { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How long an ended STANDARD execution is kept, with its history, after it closed: past it, it is removed (from
    /// the store too) and its name may be used again. AWS keeps one 90 days (the default);
    /// <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> keeps every one for good.
    /// </summary>
    public TimeSpan StandardExecutionRetention { get; set; } = TimeSpan.FromDays(90);

    /// <summary>
    /// Keeps EXPRESS executions inspectable through DescribeExecution and GetExecutionHistory, for local debugging
    /// (AWS refuses them); an ended one is then kept for <see cref="StandardExecutionRetention"/> after it stopped, where
    /// otherwise it is dropped at once. Default <see langword="false"/>.
    /// </summary>
    public bool InspectExpressExecutions { get; set; }

    /// <summary>
    /// Records spans for every execution, not only those of state machines whose <c>tracingConfiguration.enabled</c> is
    /// true. Default <see langword="false"/> (as on AWS, tracing is a per-state machine choice).
    /// </summary>
    public bool TraceAllExecutions { get; set; }

    /// <summary>The execution role to use: <see cref="RoleArn"/> or the default built from partition and account.</summary>
    internal string EffectiveRoleArn => RoleArn ?? "arn:" + Partition + ":iam::" + AccountId + ":role/StatesExecutionRole";
}
