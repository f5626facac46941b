using System;
using System.Globalization;
using System.Linq;


namespace AslCompiler.Runtime.Api;

/// <summary>
/// A parsed Step Functions ARN: <c>arn:{partition}:states:{region}:{account}:{type}:{resource}</c>.
/// Formats with <see cref="ToString"/>; parses with <see cref="TryParse"/> / <see cref="Parse"/>, which
/// raise <see cref="InvalidArnException"/> with AWS's wording.
/// </summary>
public sealed record StepFunctionsArn
{
    /// <summary>The partition, e.g. <c>aws</c>.</summary>
    public required string Partition { get; init; }

    /// <summary>The region, e.g. <c>us-east-1</c>.</summary>
    public required string Region { get; init; }

    /// <summary>The account, e.g. <c>123456789012</c>.</summary>
    public required string AccountId { get; init; }

    /// <summary>What the ARN names.</summary>
    public required StepFunctionsResourceType ResourceType { get; init; }

    /// <summary>
    /// The state machine name (for executions and Map Runs: of the state machine that ran them), or the
    /// activity name for <see cref="StepFunctionsResourceType.Activity"/>.
    /// </summary>
    public required string Name { get; init; }

    /// <summary>The version number of a <see cref="StepFunctionsResourceType.StateMachineVersion"/>.</summary>
    public long? Version { get; init; }

    /// <summary>The alias name of a <see cref="StepFunctionsResourceType.StateMachineAlias"/>.</summary>
    public string? AliasName { get; init; }

    /// <summary>The Distributed Map state label of a Map Run or of one of its child executions (<c>Machine/Label</c>).</summary>
    public string? MapLabel { get; init; }

    /// <summary>The execution name (executions), or the Map Run id (Map Runs).</summary>
    public string? ExecutionName { get; init; }

    /// <summary>The unique id that ends an Express execution ARN.</summary>
    public string? ExpressId { get; init; }

    /// <summary>The ARN of the state machine this resource belongs to (unqualified); <see langword="null"/> for activities.</summary>
    public string? StateMachineArn => ResourceType == StepFunctionsResourceType.Activity
        ? null
        : $"arn:{Partition}:states:{Region}:{AccountId}:stateMachine:{Name}";

    /// <summary>The ARN text.</summary>
    public override string ToString()
    {
        var prefix = $"arn:{Partition}:states:{Region}:{AccountId}:";
        var machine = MapLabel is null ? Name : Name + "/" + MapLabel;
        return ResourceType switch
        {
            StepFunctionsResourceType.StateMachine => prefix + "stateMachine:" + Name,
            StepFunctionsResourceType.StateMachineVersion => prefix + "stateMachine:" + Name + ":" + Version!.Value.ToString(CultureInfo.InvariantCulture),
            StepFunctionsResourceType.StateMachineAlias => prefix + "stateMachine:" + Name + ":" + AliasName,
            StepFunctionsResourceType.Execution => prefix + "execution:" + machine + ":" + ExecutionName,
            StepFunctionsResourceType.ExpressExecution => prefix + "express:" + machine + ":" + ExecutionName + ":" + ExpressId,
            StepFunctionsResourceType.Activity => prefix + "activity:" + Name,
            StepFunctionsResourceType.MapRun => prefix + "mapRun:" + machine + ":" + ExecutionName,
            _ => throw new InvalidOperationException("Unknown resource type."),
        };
    }

    /// <summary>Parses an ARN, or raises <see cref="InvalidArnException"/> worded as AWS words it.</summary>
    public static StepFunctionsArn Parse(string? arn)
    {
        return TryParse(arn, out var parsed, out var error) ? parsed : throw new InvalidArnException(error);
    }

    /// <summary>Parses an ARN; on failure <paramref name="error"/> is the <c>InvalidArn</c> message.</summary>
    public static bool TryParse(string? arn, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out StepFunctionsArn? result, out string error)
    {
        result = null;
        error = string.Empty;
        arn ??= string.Empty;
        var parts = arn.Split(':');
        if (parts.Length < 7 || parts[0] != "arn" || parts[1].Length == 0 || parts[2] != "states" || parts[3].Length == 0 || parts[4].Length == 0)
        {
            error = InvalidArnMessage("Invalid ARN prefix: " + arn);
            return false;
        }

        var rest = parts.AsSpan(6);
        StepFunctionsArn? parsed = parts[5] switch
        {
            "stateMachine" => ParseStateMachine(parts, rest),
            "activity" when rest.Length == 1 && IsSegment(rest[0]) => Create(parts, StepFunctionsResourceType.Activity, rest[0]),
            "execution" when rest.Length == 2 && IsSegment(rest[1]) => WithMachine(parts, StepFunctionsResourceType.Execution, rest[0], rest[1], null),
            "express" when rest.Length == 3 && IsSegment(rest[1]) && IsSegment(rest[2]) => WithMachine(parts, StepFunctionsResourceType.ExpressExecution, rest[0], rest[1], rest[2]),
            "mapRun" when rest.Length == 2 && IsSegment(rest[1]) && rest[0].Contains('/', StringComparison.Ordinal) => WithMachine(parts, StepFunctionsResourceType.MapRun, rest[0], rest[1], null),
            _ => null,
        };

        if (parsed is null)
        {
            error = parts[5] is "stateMachine" or "activity" or "execution" or "express" or "mapRun"
                ? InvalidArnMessage("Invalid ARN: " + arn)
                : InvalidArnMessage("Resource type not valid in this context: " + parts[5]);
            return false;
        }

        result = parsed;
        return true;
    }

    /// <summary>The <c>InvalidArn</c> message AWS gives: <c>Invalid Arn: '...'</c>.</summary>
    internal static string InvalidArnMessage(string detail) => "Invalid Arn: '" + detail + "'";

    private static StepFunctionsArn? ParseStateMachine(string[] parts, ReadOnlySpan<string> rest)
    {
        if (rest.Length == 1 && IsSegment(rest[0]))
        {
            return Create(parts, StepFunctionsResourceType.StateMachine, rest[0]);
        }

        if (rest.Length == 2 && IsSegment(rest[0]) && IsSegment(rest[1]))
        {
            if (IsVersionNumber(rest[1]))
            {
                return Create(parts, StepFunctionsResourceType.StateMachineVersion, rest[0]) with
                {
                    Version = long.Parse(rest[1], NumberStyles.None, CultureInfo.InvariantCulture),
                };
            }

            return Create(parts, StepFunctionsResourceType.StateMachineAlias, rest[0]) with { AliasName = rest[1] };
        }

        return null;
    }

    private static StepFunctionsArn? WithMachine(string[] parts, StepFunctionsResourceType type, string machine, string name, string? expressId)
    {
        var slash = machine.IndexOf('/', StringComparison.Ordinal);
        var machineName = slash < 0 ? machine : machine[..slash];
        var label = slash < 0 ? null : machine[(slash + 1)..];
        if (!IsSegment(machineName) || (label is not null && label.Length == 0))
        {
            return null;
        }

        return Create(parts, type, machineName) with { MapLabel = label, ExecutionName = name, ExpressId = expressId };
    }

    private static StepFunctionsArn Create(string[] parts, StepFunctionsResourceType type, string name) => new()
    {
        Partition = parts[1],
        Region = parts[3],
        AccountId = parts[4],
        ResourceType = type,
        Name = name,
    };

    private static bool IsSegment(string value) => value.Length > 0;

    private static bool IsVersionNumber(string value)
    {
        if (value.Length is 0 or > 18 || value[0] == '0')
        {
            return false;
        }

        foreach (var c in value)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }

        return true;
    }
}

/// <summary>Builds the ARNs of one partition, region and account (see <see cref="StepFunctionsOptions"/>).</summary>
public sealed class StepFunctionsArnFormatter
{
    private readonly string _prefix;

    /// <summary>Creates a formatter for a partition, region and account.</summary>
    /// <exception cref="ArgumentException">
    /// The account is not twelve digits, or the partition or region is empty or has characters an ARN part cannot hold
    /// (anything but lowercase letters, digits and hyphens): the ARNs built from them would not be ARNs.
    /// </exception>
    public StepFunctionsArnFormatter(string partition, string region, string accountId)
    {
        ArgumentException.ThrowIfNullOrEmpty(partition);
        ArgumentException.ThrowIfNullOrEmpty(region);
        ArgumentException.ThrowIfNullOrEmpty(accountId);
        if (!IsAccountId(accountId))
        {
            throw new ArgumentException("The account id '" + accountId + "' is not a twelve-digit account id.", nameof(accountId));
        }

        if (!IsRegionName(region))
        {
            throw new ArgumentException("The region '" + region + "' is not a region name (lowercase letters, digits and hyphens, not first or last, like us-east-1).", nameof(region));
        }

        if (!IsRegionName(partition))
        {
            throw new ArgumentException("The partition '" + partition + "' is not a partition name (lowercase letters, digits and hyphens, like aws).", nameof(partition));
        }

        Partition = partition;
        Region = region;
        AccountId = accountId;
        _prefix = $"arn:{partition}:states:{region}:{accountId}:";
    }

    /// <summary>Whether <paramref name="accountId"/> is an AWS account id: twelve digits.</summary>
    /// <param name="accountId">The account id.</param>
    /// <returns>True for twelve ASCII digits.</returns>
    public static bool IsAccountId(string? accountId) => accountId is { Length: 12 } && accountId.All(char.IsAsciiDigit);

    /// <summary>
    /// Whether <paramref name="name"/> can stand as an ARN's region (or partition): lowercase letters, digits and hyphens,
    /// neither first nor last a hyphen (<c>us-east-1</c>, <c>local</c>).
    /// </summary>
    /// <param name="name">The region or partition name.</param>
    /// <returns>True when an ARN can hold it.</returns>
    public static bool IsRegionName(string? name) =>
        name is { Length: > 0 } && name[0] != '-' && name[^1] != '-' && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-');

    /// <summary>The partition, e.g. <c>aws</c>.</summary>
    public string Partition { get; }

    /// <summary>The region, e.g. <c>us-east-1</c>.</summary>
    public string Region { get; }

    /// <summary>The account id.</summary>
    public string AccountId { get; }

    /// <summary><c>arn:aws:states:us-east-1:123456789012:stateMachine:Name</c>.</summary>
    public string StateMachine(string name) => _prefix + "stateMachine:" + name;

    /// <summary><c>...:stateMachine:Name:1</c>.</summary>
    public string StateMachineVersion(string stateMachineName, long version) =>
        StateMachine(stateMachineName) + ":" + version.ToString(CultureInfo.InvariantCulture);

    /// <summary><c>...:stateMachine:Name:PROD</c>.</summary>
    public string StateMachineAlias(string stateMachineName, string aliasName) => StateMachine(stateMachineName) + ":" + aliasName;

    /// <summary><c>...:execution:Machine:name</c>.</summary>
    public string Execution(string stateMachineName, string executionName) => _prefix + "execution:" + stateMachineName + ":" + executionName;

    /// <summary><c>...:express:Machine:name:id</c>.</summary>
    public string ExpressExecution(string stateMachineName, string executionName, string expressId) =>
        _prefix + "express:" + stateMachineName + ":" + executionName + ":" + expressId;

    /// <summary><c>...:activity:Name</c>.</summary>
    public string Activity(string name) => _prefix + "activity:" + name;

    /// <summary><c>...:mapRun:Machine/Label:id</c>.</summary>
    public string MapRun(string stateMachineName, string mapLabel, string mapRunId) =>
        _prefix + "mapRun:" + stateMachineName + "/" + mapLabel + ":" + mapRunId;

    /// <summary><c>...:execution:Machine/Label:name</c>: a child execution of a Map Run.</summary>
    public string MapRunExecution(string stateMachineName, string mapLabel, string executionName) =>
        _prefix + "execution:" + stateMachineName + "/" + mapLabel + ":" + executionName;

    /// <summary>Whether <paramref name="arn"/> belongs to this partition, region and account.</summary>
    public bool IsLocal(StepFunctionsArn arn)
    {
        ArgumentNullException.ThrowIfNull(arn);
        return arn.Partition == Partition && arn.Region == Region && arn.AccountId == AccountId;
    }

}
