using System;
using System.Threading;
using System.Threading.Tasks;

namespace AslCompiler.Runtime.Api;

/// <summary>Conveniences over <see cref="IStepFunctions"/> that combine its actions the way applications need them.</summary>
public static class StepFunctionsExtensions
{
    /// <summary>
    /// Creates the state machine, or, when one of that name already exists with another definition or other settings
    /// (CreateStateMachine's <c>StateMachineAlreadyExists</c>), updates it with the request's definition, role, logging,
    /// tracing, encryption and <c>Publish</c>/<c>VersionDescription</c>: what an application that creates its state
    /// machines at startup needs once it runs over a durable store and its definitions change between deployments.
    /// Executions already running keep the definition they started with, as UpdateStateMachine leaves them on AWS.
    /// </summary>
    /// <param name="stepFunctions">The API.</param>
    /// <param name="request">The state machine as CreateStateMachine takes it (its tags apply only when it is created).</param>
    /// <param name="cancellationToken">Cancels the calls.</param>
    /// <returns>The state machine's ARN.</returns>
    /// <exception cref="StateMachineAlreadyExistsException">
    /// The existing state machine is of another type (STANDARD or EXPRESS), which UpdateStateMachine cannot change.
    /// </exception>
    public static async Task<string> CreateOrUpdateStateMachineAsync(this IStepFunctions stepFunctions, CreateStateMachineRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stepFunctions);
        ArgumentNullException.ThrowIfNull(request);
        try
        {
            return (await stepFunctions.CreateStateMachineAsync(request, cancellationToken).ConfigureAwait(false)).StateMachineArn;
        }
        catch (StateMachineAlreadyExistsException)
        {
            var existing = await FindAsync(stepFunctions, request.Name, cancellationToken).ConfigureAwait(false);
            if (existing is null || existing.Type != (request.Type ?? StateMachineType.Standard))
            {
                throw; // deleted meanwhile, or of the other type: only the caller can decide
            }

            await stepFunctions.UpdateStateMachineAsync(
                new UpdateStateMachineRequest
                {
                    StateMachineArn = existing.StateMachineArn,
                    Definition = request.Definition,
                    RoleArn = request.RoleArn,
                    LoggingConfiguration = request.LoggingConfiguration,
                    TracingConfiguration = request.TracingConfiguration,
                    EncryptionConfiguration = request.EncryptionConfiguration,
                    Publish = request.Publish,
                    VersionDescription = request.VersionDescription,
                },
                cancellationToken).ConfigureAwait(false);
            return existing.StateMachineArn;
        }
    }

    private static async Task<StateMachineListItem?> FindAsync(IStepFunctions stepFunctions, string name, CancellationToken cancellationToken)
    {
        string? token = null;
        do
        {
            var page = await stepFunctions.ListStateMachinesAsync(new ListStateMachinesRequest { NextToken = token, MaxResults = 1000 }, cancellationToken).ConfigureAwait(false);
            foreach (var machine in page.StateMachines)
            {
                if (string.Equals(machine.Name, name, StringComparison.Ordinal))
                {
                    return machine;
                }
            }

            token = page.NextToken;
        }
        while (token is not null);

        return null;
    }
}
