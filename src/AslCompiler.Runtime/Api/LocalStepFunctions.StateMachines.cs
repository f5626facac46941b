using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AslCompiler.Runtime.Api.Store;
using AslCompiler.Runtime.Api.Validation;

namespace AslCompiler.Runtime.Api;

public sealed partial class LocalStepFunctions
{
    /// <inheritdoc/>
    public Task<CreateStateMachineResponse> CreateStateMachineAsync(CreateStateMachineRequest request, CancellationToken cancellationToken = default)
    {
        Cancelled(cancellationToken);
        RequestConstraints.Check(request);
        CheckName(request.Name);
        CheckRoleArn(request.RoleArn);
        var publish = request.Publish ?? false;
        if (request.VersionDescription is not null && !publish)
        {
            throw new ValidationException("Version description can only be set when publish is true");
        }

        var type = request.Type ?? StateMachineType.Standard;
        CheckConfiguration(request.LoggingConfiguration, request.EncryptionConfiguration);
        _validator.ThrowIfInvalid(request.Definition, type);
        var arn = Arns.StateMachine(request.Name);
        var now = Now;
        return Done(_store.Write(state =>
        {
            if (state.StateMachines.TryGetValue(arn, out var existing))
            {
                // Idempotent as documented: name, definition, type, logging, tracing, encryption, publish and
                // versionDescription must match; roleArn and tags are ignored.
                var same = existing.Status == StateMachineStatus.Active
                    && existing.Definition == request.Definition
                    && existing.Type == type
                    && SameLogging(existing.Logging, request.LoggingConfiguration)
                    && SameTracing(existing.Tracing, request.TracingConfiguration)
                    && SameEncryption(existing.Encryption, request.EncryptionConfiguration)
                    && existing.CreatedWithPublish == publish
                    && existing.CreatedWithVersionDescription == request.VersionDescription;
                if (existing.Status == StateMachineStatus.Deleting)
                {
                    throw StateMachineDeleting(arn);
                }

                if (!same)
                {
                    throw new StateMachineAlreadyExistsException("State Machine Already Exists: '" + arn + "'");
                }

                return (state, new CreateStateMachineResponse
                {
                    StateMachineArn = arn,
                    CreationDate = existing.CreationDate,
                    StateMachineVersionArn = publish && existing.Versions.Count > 0 ? existing.Versions.First().Value.Arn : null,
                });
            }

            var sequence = state.LastSequence + 1;
            var machine = new StateMachineRecord
            {
                Arn = arn,
                Name = request.Name,
                Definition = request.Definition,
                RoleArn = request.RoleArn,
                Type = type,
                Logging = Normalize(request.LoggingConfiguration),
                Tracing = Normalize(request.TracingConfiguration),
                Encryption = Normalize(request.EncryptionConfiguration),
                CreationDate = now,
                Sequence = sequence,
                Tags = MergeTags([], request.Tags, arn),
                CreatedWithPublish = publish,
                CreatedWithVersionDescription = request.VersionDescription,
            };
            string? versionArn = null;
            if (publish)
            {
                (machine, var version) = Publish(machine, request.VersionDescription, now);
                versionArn = version.Arn;
            }

            var next = state with { StateMachines = state.StateMachines.SetItem(arn, machine), LastSequence = sequence };
            return (next, new CreateStateMachineResponse { StateMachineArn = arn, CreationDate = now, StateMachineVersionArn = versionArn });
        }));
    }

    /// <inheritdoc/>
    public Task<DescribeStateMachineResponse> DescribeStateMachineAsync(DescribeStateMachineRequest request, CancellationToken cancellationToken = default)
    {
        Cancelled(cancellationToken);
        RequestConstraints.Check(request);
        var arn = ParseArn(request.StateMachineArn, StepFunctionsResourceType.StateMachine, StepFunctionsResourceType.StateMachineVersion, StepFunctionsResourceType.StateMachineAlias);
        var state = _store.Current;
        if (!state.StateMachines.TryGetValue(arn.StateMachineArn!, out var machine))
        {
            throw StateMachineMissing(request.StateMachineArn);
        }

        // The reference: "If called with includedData = METADATA_ONLY, the returned definition will be {}."
        var metadataOnly = request.IncludedData == IncludedData.MetadataOnly;
        if (arn.ResourceType == StepFunctionsResourceType.StateMachineVersion)
        {
            if (!machine.Versions.TryGetValue(arn.Version!.Value, out var version))
            {
                throw StateMachineMissing(request.StateMachineArn);
            }

            return Done(new DescribeStateMachineResponse
            {
                StateMachineArn = version.Arn,
                Name = machine.Name,
                Status = machine.Status,
                Definition = metadataOnly ? MetadataOnlyDefinition : version.Definition,
                RoleArn = version.RoleArn,
                Type = machine.Type,
                CreationDate = version.CreationDate,
                LoggingConfiguration = version.Logging,
                TracingConfiguration = version.Tracing,
                EncryptionConfiguration = version.Encryption,
                Description = version.Description,
                RevisionId = version.RevisionId,
                VariableReferences = Engine.VariableReferenceCache.Of(version.Definition),
            });
        }

        if (arn.ResourceType == StepFunctionsResourceType.StateMachineAlias)
        {
            throw StateMachineMissing(request.StateMachineArn);
        }

        return Done(new DescribeStateMachineResponse
        {
            StateMachineArn = machine.Arn,
            Name = machine.Name,
            Status = machine.Status,
            Definition = metadataOnly ? MetadataOnlyDefinition : machine.Definition,
            RoleArn = machine.RoleArn,
            Type = machine.Type,
            CreationDate = machine.CreationDate,
            LoggingConfiguration = machine.Logging,
            TracingConfiguration = machine.Tracing,
            EncryptionConfiguration = machine.Encryption,
            RevisionId = machine.RevisionId,
            VariableReferences = Engine.VariableReferenceCache.Of(machine.Definition),
        });
    }

    /// <summary>
    /// The definition DescribeStateMachine and DescribeStateMachineForExecution answer with <c>includedData =
    /// METADATA_ONLY</c>: the reference's "the returned definition will be {}".
    /// </summary>
    internal const string MetadataOnlyDefinition = "{}";

    /// <inheritdoc/>
    public Task<UpdateStateMachineResponse> UpdateStateMachineAsync(UpdateStateMachineRequest request, CancellationToken cancellationToken = default)
    {
        Cancelled(cancellationToken);
        RequestConstraints.Check(request);
        var arn = ParseArn(request.StateMachineArn, StepFunctionsResourceType.StateMachine, StepFunctionsResourceType.StateMachineVersion, StepFunctionsResourceType.StateMachineAlias);
        if (arn.ResourceType != StepFunctionsResourceType.StateMachine)
        {
            throw StateMachineMissing(request.StateMachineArn);
        }

        if (request.Definition is null && request.RoleArn is null && request.LoggingConfiguration is null && request.TracingConfiguration is null && request.EncryptionConfiguration is null)
        {
            throw new MissingRequiredParameterException("Either the definition, the role ARN, the LoggingConfiguration, or the TracingConfiguration must be specified");
        }

        CheckRoleArn(request.RoleArn);

        var publish = request.Publish ?? false;
        if (request.VersionDescription is not null && !publish)
        {
            throw new ValidationException("Version description can only be set when publish is true");
        }

        CheckConfiguration(request.LoggingConfiguration, request.EncryptionConfiguration);
        var now = Now;
        var current = RequireStateMachine(_store.Current, request.StateMachineArn);
        if (request.Definition is not null)
        {
            _validator.ThrowIfInvalid(request.Definition, current.Type);
        }

        var newRevision = Guid.NewGuid().ToString();
        var response = _store.Write(state =>
        {
            var machine = RequireStateMachine(state, request.StateMachineArn);
            if (machine.Status == StateMachineStatus.Deleting)
            {
                throw StateMachineDeleting(machine.Arn);
            }

            var updated = machine with
            {
                Definition = request.Definition ?? machine.Definition,
                RoleArn = request.RoleArn ?? machine.RoleArn,
                Logging = request.LoggingConfiguration is null ? machine.Logging : Normalize(request.LoggingConfiguration),
                Tracing = request.TracingConfiguration is null ? machine.Tracing : Normalize(request.TracingConfiguration),
                Encryption = request.EncryptionConfiguration is null ? machine.Encryption : Normalize(request.EncryptionConfiguration),
            };
            var changed = updated.Definition != machine.Definition || updated.RoleArn != machine.RoleArn
                || !SameLogging(updated.Logging, machine.Logging) || !SameTracing(updated.Tracing, machine.Tracing)
                || !SameEncryption(updated.Encryption, machine.Encryption);
            updated = changed
                ? updated with { RevisionId = newRevision, RevisionDates = machine.RevisionDates.SetItem(newRevision, now) }
                : updated with { RevisionId = machine.RevisionId };
            string? versionArn = null;
            if (publish)
            {
                (updated, var version) = PublishOrReuse(updated, request.VersionDescription, now);
                versionArn = version.Arn;
            }

            var next = state with { StateMachines = state.StateMachines.SetItem(machine.Arn, updated) };
            return (next, new UpdateStateMachineResponse { UpdateDate = now, RevisionId = updated.RevisionId, StateMachineVersionArn = versionArn });
        });

        // The earlier revision's programs: no start uses them any more (its versions keep theirs).
        if (response.RevisionId != current.RevisionId)
        {
            KernelEngine?.ForgetPrograms(request.StateMachineArn, versions: false);
        }

        return Done(response);
    }

    /// <inheritdoc/>
    public Task<DeleteStateMachineResponse> DeleteStateMachineAsync(DeleteStateMachineRequest request, CancellationToken cancellationToken = default)
    {
        Cancelled(cancellationToken);
        RequestConstraints.Check(request);
        var arn = ParseArn(request.StateMachineArn, StepFunctionsResourceType.StateMachine, StepFunctionsResourceType.StateMachineVersion, StepFunctionsResourceType.StateMachineAlias);
        if (arn.ResourceType != StepFunctionsResourceType.StateMachine)
        {
            throw UnqualifiedArnRequired(request.StateMachineArn);
        }

        // DELETING first, then the running executions: a start registers its execution, then looks at the state machine,
        // so one of the two sees the other (see the engine's start). The last execution to end removes the state machine;
        // with none running it goes now.
        var deleting = _store.Write(state =>
        {
            if (!state.StateMachines.TryGetValue(request.StateMachineArn, out var machine))
            {
                return (state, false); // Deleting what is not there succeeds, as on AWS.
            }

            return (state with { StateMachines = state.StateMachines.SetItem(machine.Arn, machine with { Status = StateMachineStatus.Deleting }) }, true);
        });

        Interlocked.MemoryBarrier();
        if (deleting)
        {
            // Its running Standard executions fail at their next state transition; the last to end removes it.
            _engine.StateMachineDeleting(request.StateMachineArn);
            CompleteDeletionIfIdle(request.StateMachineArn);
        }

        return Done(new DeleteStateMachineResponse());
    }

    /// <summary>
    /// Removes a state machine left DELETING when none of its executions runs any more: after DeleteStateMachine, as its
    /// last execution ends (the engine calls this), and on recovery.
    /// </summary>
    internal void CompleteDeletionIfIdle(string stateMachineArn)
    {
        if (!_engine.HasRunningExecutions(stateMachineArn))
        {
            CompleteDeletion(stateMachineArn);
        }
    }

    private void CompleteDeletion(string stateMachineArn)
    {
        var removed = _store.Write(state => state.StateMachines.TryGetValue(stateMachineArn, out var machine) && machine.Status == StateMachineStatus.Deleting
            ? (state with { StateMachines = state.StateMachines.Remove(stateMachineArn) }, true)
            : (state, false));
        if (removed)
        {
            KernelEngine?.ForgetPrograms(stateMachineArn, versions: true);
        }
    }

    /// <inheritdoc/>
    public Task<ListStateMachinesResponse> ListStateMachinesAsync(ListStateMachinesRequest request, CancellationToken cancellationToken = default)
    {
        Cancelled(cancellationToken);
        RequestConstraints.Check(request);
        var (page, next) = PageToken.Page(
            _store.Current.StateMachines.Values.OrderBy(m => m.Sequence), m => m.Sequence, request.NextToken, "stateMachines", string.Empty, PageSize(request.MaxResults));
        return Done(new ListStateMachinesResponse
        {
            StateMachines = page.Select(m => new StateMachineListItem { StateMachineArn = m.Arn, Name = m.Name, Type = m.Type, CreationDate = m.CreationDate }).ToList(),
            NextToken = next,
        });
    }

    /// <inheritdoc/>
    public Task<ValidateStateMachineDefinitionResponse> ValidateStateMachineDefinitionAsync(ValidateStateMachineDefinitionRequest request, CancellationToken cancellationToken = default)
    {
        Cancelled(cancellationToken);
        RequestConstraints.Check(request);
        var minimum = request.Severity ?? ValidateStateMachineDefinitionSeverity.Error;
        var all = _validator.Validate(request.Definition, request.Type ?? StateMachineType.Standard)
            .Where(d => minimum == ValidateStateMachineDefinitionSeverity.Warning || d.Severity == ValidateStateMachineDefinitionSeverity.Error)
            .ToList();
        var max = request.MaxResults is null or 0 ? 100 : request.MaxResults.Value;
        return Done(new ValidateStateMachineDefinitionResponse
        {
            Result = all.Any(d => d.Severity == ValidateStateMachineDefinitionSeverity.Error)
                ? ValidateStateMachineDefinitionResultCode.Fail
                : ValidateStateMachineDefinitionResultCode.Ok,
            Diagnostics = all.Take(max).ToList(),
            Truncated = all.Count > max,
        });
    }
}
