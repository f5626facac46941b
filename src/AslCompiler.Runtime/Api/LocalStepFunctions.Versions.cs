using System;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AslCompiler.Runtime.Api.Store;
using AslCompiler.Runtime.Api.Validation;

namespace AslCompiler.Runtime.Api;

public sealed partial class LocalStepFunctions
{
    /// <summary>The <c>revisionId</c> that matches a state machine with no revision id assigned (one never updated).</summary>
    private const string InitialRevisionId = "INITIAL";

    /// <inheritdoc/>
    public Task<PublishStateMachineVersionResponse> PublishStateMachineVersionAsync(PublishStateMachineVersionRequest request, CancellationToken cancellationToken = default)
    {
        Cancelled(cancellationToken);
        RequestConstraints.Check(request);
        var arn = ParseArn(request.StateMachineArn, StepFunctionsResourceType.StateMachine, StepFunctionsResourceType.StateMachineVersion, StepFunctionsResourceType.StateMachineAlias);
        if (arn.ResourceType != StepFunctionsResourceType.StateMachine)
        {
            throw StateMachineMissing(request.StateMachineArn);
        }

        var now = Now;
        return Done(_store.Write(state =>
        {
            var machine = RequireStateMachine(state, request.StateMachineArn);
            if (machine.Status == StateMachineStatus.Deleting)
            {
                throw StateMachineDeleting(machine.Arn);
            }

            // "INITIAL" names the revision of a state machine that has none yet (never updated), as the reference says.
            var current = machine.RevisionId ?? InitialRevisionId;
            if (request.RevisionId is not null && request.RevisionId != current)
            {
                throw new ConflictException("Failed to publish the State Machine version for revision " + request.RevisionId
                    + ". The current State Machine revision is " + (machine.RevisionId ?? "null") + ".");
            }

            var (updated, version) = PublishOrReuse(machine, request.Description, now);
            var next = ReferenceEquals(updated, machine) ? state : state with { StateMachines = state.StateMachines.SetItem(machine.Arn, updated) };
            return (next, new PublishStateMachineVersionResponse { StateMachineVersionArn = version.Arn, CreationDate = version.CreationDate });
        }));
    }

    /// <inheritdoc/>
    public Task<ListStateMachineVersionsResponse> ListStateMachineVersionsAsync(ListStateMachineVersionsRequest request, CancellationToken cancellationToken = default)
    {
        Cancelled(cancellationToken);
        RequestConstraints.Check(request);
        var arn = ParseArn(request.StateMachineArn, StepFunctionsResourceType.StateMachine, StepFunctionsResourceType.StateMachineVersion, StepFunctionsResourceType.StateMachineAlias);
        if (arn.ResourceType != StepFunctionsResourceType.StateMachine)
        {
            throw UnqualifiedArnRequired(request.StateMachineArn);
        }

        // AWS documents no StateMachineDoesNotExist here: an unknown state machine has no versions.
        var versions = _store.Current.StateMachines.TryGetValue(request.StateMachineArn, out var machine)
            ? machine.Versions.Values.Reverse()
            : Enumerable.Empty<StateMachineVersionRecord>();
        var (page, next) = PageToken.Page(versions, v => -v.Version, request.NextToken, "versions", request.StateMachineArn, PageSize(request.MaxResults));
        return Done(new ListStateMachineVersionsResponse
        {
            StateMachineVersions = page.Select(v => new StateMachineVersionListItem { StateMachineVersionArn = v.Arn, CreationDate = v.CreationDate }).ToList(),
            NextToken = next,
        });
    }

    /// <inheritdoc/>
    public Task<DeleteStateMachineVersionResponse> DeleteStateMachineVersionAsync(DeleteStateMachineVersionRequest request, CancellationToken cancellationToken = default)
    {
        Cancelled(cancellationToken);
        RequestConstraints.Check(request);
        var arn = ParseArn(request.StateMachineVersionArn, StepFunctionsResourceType.StateMachine, StepFunctionsResourceType.StateMachineVersion, StepFunctionsResourceType.StateMachineAlias);
        if (arn.ResourceType != StepFunctionsResourceType.StateMachineVersion)
        {
            throw new ValidationException("Unsupported state machine version ARN: '" + request.StateMachineVersionArn + "'");
        }

        _store.Write(state =>
        {
            if (!state.StateMachines.TryGetValue(arn.StateMachineArn!, out var machine) || !machine.Versions.ContainsKey(arn.Version!.Value))
            {
                return (state, 0); // Idempotent: the version is already gone.
            }

            var referencing = machine.Aliases.Values
                .Where(a => a.Routing.Any(r => r.StateMachineVersionArn == request.StateMachineVersionArn))
                .OrderBy(a => a.Sequence)
                .Select(a => a.Name)
                .ToList();
            if (referencing.Count > 0)
            {
                throw new ConflictException("Version to be deleted must not be referenced by an alias. Current list of aliases referencing this version: ["
                    + string.Join(", ", referencing) + "]");
            }

            var updated = machine with { Versions = machine.Versions.Remove(arn.Version!.Value) };
            return (state with { StateMachines = state.StateMachines.SetItem(machine.Arn, updated) }, 0);
        });

        KernelEngine?.ForgetPrograms(request.StateMachineVersionArn, versions: false);
        return Done(new DeleteStateMachineVersionResponse());
    }

    /// <summary>Publishes the current revision, or returns the latest version when it already is that revision.</summary>
    private (StateMachineRecord Machine, StateMachineVersionRecord Version) PublishOrReuse(StateMachineRecord machine, string? description, DateTimeOffset now)
    {
        if (machine.Versions.Count > 0)
        {
            var latest = machine.Versions[machine.Versions.Keys.Max()];
            if (latest.RevisionId == machine.RevisionId && latest.Definition == machine.Definition && latest.RoleArn == machine.RoleArn)
            {
                return (machine, latest);
            }
        }

        return Publish(machine, description, now);
    }

    private (StateMachineRecord Machine, StateMachineVersionRecord Version) Publish(StateMachineRecord machine, string? description, DateTimeOffset now)
    {
        if (machine.Versions.Count >= MaxVersionsPerStateMachine)
        {
            throw new ServiceQuotaExceededException("The maximum number of versions (" + MaxVersionsPerStateMachine + ") has been reached for state machine '" + machine.Arn + "'.");
        }

        var number = machine.LastVersionNumber + 1;
        var version = new StateMachineVersionRecord
        {
            Arn = Arns.StateMachineVersion(machine.Name, number),
            Version = number,
            Definition = machine.Definition,
            RoleArn = machine.RoleArn,
            Logging = machine.Logging,
            Tracing = machine.Tracing,
            Encryption = machine.Encryption,
            Description = description,
            RevisionId = machine.RevisionId,
            CreationDate = now,
        };
        return (machine with { Versions = machine.Versions.SetItem(number, version), LastVersionNumber = number }, version);
    }
}
