using System;
using System.Collections.Immutable;

namespace AslCompiler.Runtime.Api.Store;

/// <summary>A state machine with its versions and aliases, as stored. Immutable: every change makes a new record.</summary>
internal sealed record StateMachineRecord
{
    public required string Arn { get; init; }

    public required string Name { get; init; }

    public required string Definition { get; init; }

    public required string RoleArn { get; init; }

    public required StateMachineType Type { get; init; }

    public LoggingConfiguration? Logging { get; init; }

    public TracingConfiguration? Tracing { get; init; }

    public EncryptionConfiguration? Encryption { get; init; }

    public required DateTimeOffset CreationDate { get; init; }

    /// <summary>Null until the first update, as the reference documents.</summary>
    public string? RevisionId { get; init; }

    /// <summary>
    /// When each revision an update made was made (revision id → date), for DescribeStateMachineForExecution's
    /// <c>updateDate</c> of an execution started on that revision. The first revision (no id) dates from creation.
    /// </summary>
    public ImmutableDictionary<string, DateTimeOffset> RevisionDates { get; init; } = ImmutableDictionary.Create<string, DateTimeOffset>(StringComparer.Ordinal);

    public StateMachineStatus Status { get; init; } = StateMachineStatus.Active;

    public required long Sequence { get; init; }

    public ImmutableList<Tag> Tags { get; init; } = [];

    /// <summary>The publish and versionDescription of the create call (part of its idempotency check).</summary>
    public bool CreatedWithPublish { get; init; }

    public string? CreatedWithVersionDescription { get; init; }

    public ImmutableSortedDictionary<long, StateMachineVersionRecord> Versions { get; init; } = ImmutableSortedDictionary<long, StateMachineVersionRecord>.Empty;

    /// <summary>Version numbers are never reused, even after a version is deleted.</summary>
    public long LastVersionNumber { get; init; }

    public ImmutableDictionary<string, StateMachineAliasRecord> Aliases { get; init; } = ImmutableDictionary.Create<string, StateMachineAliasRecord>(StringComparer.Ordinal);
}

/// <summary>A published, immutable version of a state machine.</summary>
internal sealed record StateMachineVersionRecord
{
    public required string Arn { get; init; }

    public required long Version { get; init; }

    public required string Definition { get; init; }

    public required string RoleArn { get; init; }

    public LoggingConfiguration? Logging { get; init; }

    public TracingConfiguration? Tracing { get; init; }

    public EncryptionConfiguration? Encryption { get; init; }

    public string? Description { get; init; }

    public string? RevisionId { get; init; }

    public required DateTimeOffset CreationDate { get; init; }
}

/// <summary>An alias routing executions to one or two versions.</summary>
internal sealed record StateMachineAliasRecord
{
    public required string Arn { get; init; }

    public required string Name { get; init; }

    public string? Description { get; init; }

    public required ImmutableArray<RoutingConfigurationListItem> Routing { get; init; }

    public required DateTimeOffset CreationDate { get; init; }

    public required DateTimeOffset UpdateDate { get; init; }

    public required long Sequence { get; init; }
}

/// <summary>An activity.</summary>
internal sealed record ActivityRecord
{
    public required string Arn { get; init; }

    public required string Name { get; init; }

    public EncryptionConfiguration? Encryption { get; init; }

    public required DateTimeOffset CreationDate { get; init; }

    public required long Sequence { get; init; }

    public ImmutableList<Tag> Tags { get; init; } = [];
}

/// <summary>Everything the control plane stores, as one immutable snapshot.</summary>
internal sealed record ResourceState
{
    public static ResourceState Empty { get; } = new();

    public ImmutableDictionary<string, StateMachineRecord> StateMachines { get; init; } = ImmutableDictionary.Create<string, StateMachineRecord>(StringComparer.Ordinal);

    public ImmutableDictionary<string, ActivityRecord> Activities { get; init; } = ImmutableDictionary.Create<string, ActivityRecord>(StringComparer.Ordinal);

    /// <summary>Orders resources by creation for listing and pagination.</summary>
    public long LastSequence { get; init; }
}
