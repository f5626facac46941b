using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AslCompiler.Runtime.Api.Store;
using AslCompiler.Runtime.Api.Validation;

namespace AslCompiler.Runtime.Api;

public sealed partial class LocalStepFunctions
{
    private const string AliasNotFoundMessage = "Request references a resource that does not exist.";

    /// <inheritdoc/>
    public Task<CreateStateMachineAliasResponse> CreateStateMachineAliasAsync(CreateStateMachineAliasRequest request, CancellationToken cancellationToken = default)
    {
        Cancelled(cancellationToken);
        RequestConstraints.Check(request);
        var machineArn = CheckRouting(request.RoutingConfiguration);
        var now = Now;
        return Done(_store.Write(state =>
        {
            if (!state.StateMachines.TryGetValue(machineArn, out var machine))
            {
                throw new ResourceNotFoundException(AliasNotFoundMessage, machineArn);
            }

            if (machine.Status == StateMachineStatus.Deleting)
            {
                throw StateMachineDeleting(machine.Arn);
            }

            RequireVersions(machine, request.RoutingConfiguration);
            var routing = request.RoutingConfiguration.ToImmutableArray();
            if (machine.Aliases.TryGetValue(request.Name, out var existing))
            {
                // Idempotent on name, description and routing configuration.
                if (existing.Description == request.Description && SameRouting(existing.Routing, routing))
                {
                    return (state, new CreateStateMachineAliasResponse { StateMachineAliasArn = existing.Arn, CreationDate = existing.CreationDate });
                }

                throw new ConflictException("Failed to create alias because an alias with the same name and a different routing configuration already exists.");
            }

            if (machine.Aliases.Count >= MaxAliasesPerStateMachine)
            {
                throw new ServiceQuotaExceededException("The maximum number of aliases (" + MaxAliasesPerStateMachine + ") has been reached for state machine '" + machine.Arn + "'.");
            }

            var sequence = state.LastSequence + 1;
            var alias = new StateMachineAliasRecord
            {
                Arn = Arns.StateMachineAlias(machine.Name, request.Name),
                Name = request.Name,
                Description = request.Description,
                Routing = routing,
                CreationDate = now,
                UpdateDate = now,
                Sequence = sequence,
            };
            var updated = machine with { Aliases = machine.Aliases.SetItem(alias.Name, alias) };
            var next = state with { StateMachines = state.StateMachines.SetItem(machine.Arn, updated), LastSequence = sequence };
            return (next, new CreateStateMachineAliasResponse { StateMachineAliasArn = alias.Arn, CreationDate = now });
        }));
    }

    /// <inheritdoc/>
    public Task<DescribeStateMachineAliasResponse> DescribeStateMachineAliasAsync(DescribeStateMachineAliasRequest request, CancellationToken cancellationToken = default)
    {
        Cancelled(cancellationToken);
        RequestConstraints.Check(request);
        var alias = FindAlias(_store.Current, request.StateMachineAliasArn).Alias;
        return Done(new DescribeStateMachineAliasResponse
        {
            StateMachineAliasArn = alias.Arn,
            Name = alias.Name,
            Description = alias.Description,
            RoutingConfiguration = alias.Routing,
            CreationDate = alias.CreationDate,
            UpdateDate = alias.UpdateDate,
        });
    }

    /// <inheritdoc/>
    public Task<UpdateStateMachineAliasResponse> UpdateStateMachineAliasAsync(UpdateStateMachineAliasRequest request, CancellationToken cancellationToken = default)
    {
        Cancelled(cancellationToken);
        RequestConstraints.Check(request);
        if (request.Description is null && request.RoutingConfiguration is null)
        {
            throw new ValidationException("Either the description or the routing configuration must be specified", ValidationExceptionReason.MissingRequiredParameter);
        }

        var aliasArn = ParseAliasArn(request.StateMachineAliasArn);
        if (request.RoutingConfiguration is not null && CheckRouting(request.RoutingConfiguration) != aliasArn.StateMachineArn)
        {
            throw new ValidationException("Routing configuration must contain state machine version ARNs of the alias's state machine. Received: ["
                + string.Join(", ", request.RoutingConfiguration.Select(r => r.StateMachineVersionArn)) + "]", ValidationExceptionReason.InvalidRoutingConfiguration);
        }

        var now = Now;
        return Done(_store.Write(state =>
        {
            var (machine, alias) = FindAlias(state, request.StateMachineAliasArn);
            if (machine.Status == StateMachineStatus.Deleting)
            {
                throw StateMachineDeleting(machine.Arn);
            }

            if (request.RoutingConfiguration is not null)
            {
                RequireVersions(machine, request.RoutingConfiguration);
            }

            var description = request.Description ?? alias.Description;
            var routing = request.RoutingConfiguration?.ToImmutableArray() ?? alias.Routing;
            if (description == alias.Description && SameRouting(routing, alias.Routing))
            {
                // "Requests with the same parameters return an idempotent response": nothing changes, and the answer is
                // the date of the last update that changed something (or of the creation).
                return (state, new UpdateStateMachineAliasResponse { UpdateDate = alias.UpdateDate });
            }

            var updated = alias with { Description = description, Routing = routing, UpdateDate = now };
            var nextMachine = machine with { Aliases = machine.Aliases.SetItem(alias.Name, updated) };
            return (state with { StateMachines = state.StateMachines.SetItem(machine.Arn, nextMachine) }, new UpdateStateMachineAliasResponse { UpdateDate = now });
        }));
    }

    /// <inheritdoc/>
    public Task<DeleteStateMachineAliasResponse> DeleteStateMachineAliasAsync(DeleteStateMachineAliasRequest request, CancellationToken cancellationToken = default)
    {
        Cancelled(cancellationToken);
        RequestConstraints.Check(request);
        var arn = ParseAliasArn(request.StateMachineAliasArn);
        _store.Write(state =>
        {
            // Deleting an alias that is not there (deleted already, never made, or of a state machine that does not
            // exist) succeeds and changes nothing, as AWS answers a second delete of the same alias (200).
            if (!state.StateMachines.TryGetValue(arn.StateMachineArn!, out var machine) || !machine.Aliases.ContainsKey(arn.AliasName!))
            {
                return (state, 0);
            }

            var updated = machine with { Aliases = machine.Aliases.Remove(arn.AliasName!) };
            return (state with { StateMachines = state.StateMachines.SetItem(machine.Arn, updated) }, 0);
        });
        return Done(new DeleteStateMachineAliasResponse());
    }

    /// <inheritdoc/>
    public Task<ListStateMachineAliasesResponse> ListStateMachineAliasesAsync(ListStateMachineAliasesRequest request, CancellationToken cancellationToken = default)
    {
        Cancelled(cancellationToken);
        RequestConstraints.Check(request);
        var arn = ParseArn(request.StateMachineArn, StepFunctionsResourceType.StateMachine, StepFunctionsResourceType.StateMachineVersion, StepFunctionsResourceType.StateMachineAlias);
        if (arn.ResourceType == StepFunctionsResourceType.StateMachineAlias)
        {
            throw new InvalidArnException(StepFunctionsArn.InvalidArnMessage("Resource type not valid in this context: " + request.StateMachineArn));
        }

        // The reference: "To list aliases that reference a state machine version, you can specify the version ARN".
        var state = _store.Current;
        var machine = state.StateMachines.TryGetValue(arn.StateMachineArn!, out var found) ? found : throw StateMachineMissing(request.StateMachineArn);
        var version = arn.ResourceType == StepFunctionsResourceType.StateMachineVersion ? request.StateMachineArn : null;
        if (version is not null && !machine.Versions.ContainsKey(arn.Version!.Value))
        {
            throw StateMachineMissing(request.StateMachineArn);
        }

        if (machine.Status == StateMachineStatus.Deleting)
        {
            throw StateMachineDeleting(machine.Arn);
        }

        // "Results are sorted by time, with the most recently created aliases listed first."
        var aliases = machine.Aliases.Values
            .Where(a => version is null || a.Routing.Any(r => string.Equals(r.StateMachineVersionArn, version, StringComparison.Ordinal)))
            .OrderByDescending(a => a.Sequence);
        var (page, next) = PageToken.Page(aliases, a => -a.Sequence, request.NextToken, "aliases", request.StateMachineArn, PageSize(request.MaxResults));
        return Done(new ListStateMachineAliasesResponse
        {
            StateMachineAliases = page.Select(a => new StateMachineAliasListItem { StateMachineAliasArn = a.Arn, CreationDate = a.CreationDate }).ToList(),
            NextToken = next,
        });
    }

    /// <summary>Checks the rules of a routing configuration that need no store, and returns its state machine ARN.</summary>
    private static string CheckRouting(IReadOnlyList<RoutingConfigurationListItem> routing)
    {
        var arns = routing.Select(r => r.StateMachineVersionArn).ToList();
        var parsed = new List<StepFunctionsArn>();
        foreach (var arn in arns)
        {
            var one = StepFunctionsArn.Parse(arn);
            if (one.ResourceType != StepFunctionsResourceType.StateMachineVersion)
            {
                throw new ValidationException("Routing configuration must contain state machine version ARNs. Received: [" + string.Join(", ", arns) + "]", ValidationExceptionReason.InvalidRoutingConfiguration);
            }

            parsed.Add(one);
        }

        if (arns.Distinct(StringComparer.Ordinal).Count() != arns.Count)
        {
            throw new ValidationException("Routing configuration must contain distinct state machine version ARNs. Received: [" + string.Join(", ", arns) + "]", ValidationExceptionReason.InvalidRoutingConfiguration);
        }

        if (parsed.Select(p => p.StateMachineArn).Distinct(StringComparer.Ordinal).Count() != 1)
        {
            throw new ValidationException("Routing configuration must contain state machine version ARNs of the same state machine. Received: [" + string.Join(", ", arns) + "]", ValidationExceptionReason.InvalidRoutingConfiguration);
        }

        if (routing.Sum(r => r.Weight) != 100)
        {
            throw new ValidationException("Sum of routing configuration weights must equal 100. Received: ["
                + string.Join(", ", routing.Select(r => r.Weight.ToString(CultureInfo.InvariantCulture))) + "]", ValidationExceptionReason.InvalidRoutingConfiguration);
        }

        return parsed[0].StateMachineArn!;
    }

    private static void RequireVersions(StateMachineRecord machine, IReadOnlyList<RoutingConfigurationListItem> routing)
    {
        foreach (var route in routing)
        {
            var version = StepFunctionsArn.Parse(route.StateMachineVersionArn).Version!.Value;
            if (!machine.Versions.ContainsKey(version))
            {
                throw new ResourceNotFoundException(AliasNotFoundMessage, route.StateMachineVersionArn);
            }
        }
    }

    private static bool SameRouting(ImmutableArray<RoutingConfigurationListItem> a, ImmutableArray<RoutingConfigurationListItem> b) =>
        a.Length == b.Length && a.OrderBy(r => r.StateMachineVersionArn, StringComparer.Ordinal).SequenceEqual(b.OrderBy(r => r.StateMachineVersionArn, StringComparer.Ordinal));

    private static StepFunctionsArn ParseAliasArn(string aliasArn)
    {
        var arn = ParseArn(aliasArn, StepFunctionsResourceType.StateMachine, StepFunctionsResourceType.StateMachineVersion, StepFunctionsResourceType.StateMachineAlias);
        if (arn.ResourceType != StepFunctionsResourceType.StateMachineAlias)
        {
            throw new InvalidArnException(StepFunctionsArn.InvalidArnMessage("Resource type not valid in this context: " + aliasArn));
        }

        return arn;
    }

    private static (StateMachineRecord Machine, StateMachineAliasRecord Alias) FindAlias(ResourceState state, string aliasArn)
    {
        var arn = ParseAliasArn(aliasArn);
        if (state.StateMachines.TryGetValue(arn.StateMachineArn!, out var machine) && machine.Aliases.TryGetValue(arn.AliasName!, out var alias))
        {
            return (machine, alias);
        }

        throw new ResourceNotFoundException(AliasNotFoundMessage, aliasArn);
    }

    /// <summary>Picks the version an alias routes this start to, honouring the weights.</summary>
    private string PickVersion(StateMachineAliasRecord alias)
    {
        if (alias.Routing.Length == 1)
        {
            return alias.Routing[0].StateMachineVersionArn;
        }

        var roll = Random.Next(100);
        return roll < alias.Routing[0].Weight ? alias.Routing[0].StateMachineVersionArn : alias.Routing[1].StateMachineVersionArn;
    }
}
