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
    /// <inheritdoc/>
    public Task<TagResourceResponse> TagResourceAsync(TagResourceRequest request, CancellationToken cancellationToken = default)
    {
        Cancelled(cancellationToken);
        RequestConstraints.Check(request);
        UpdateTags(request.ResourceArn, tags => MergeTags(tags, request.Tags, request.ResourceArn));
        return Done(new TagResourceResponse());
    }

    /// <inheritdoc/>
    public Task<UntagResourceResponse> UntagResourceAsync(UntagResourceRequest request, CancellationToken cancellationToken = default)
    {
        Cancelled(cancellationToken);
        RequestConstraints.Check(request);
        UpdateTags(request.ResourceArn, tags => tags.RemoveAll(t => request.TagKeys.Contains(t.Key, StringComparer.Ordinal)));
        return Done(new UntagResourceResponse());
    }

    /// <inheritdoc/>
    public Task<ListTagsForResourceResponse> ListTagsForResourceAsync(ListTagsForResourceRequest request, CancellationToken cancellationToken = default)
    {
        Cancelled(cancellationToken);
        RequestConstraints.Check(request);
        var state = _store.Current;
        var arn = StepFunctionsArn.Parse(request.ResourceArn);
        ImmutableList<Tag>? tags = arn.ResourceType switch
        {
            StepFunctionsResourceType.StateMachine => state.StateMachines.TryGetValue(request.ResourceArn, out var machine) ? machine.Tags : null,
            StepFunctionsResourceType.Activity => state.Activities.TryGetValue(request.ResourceArn, out var activity) ? activity.Tags : null,
            _ => null,
        };
        return tags is null ? throw ResourceMissing(request.ResourceArn) : Done(new ListTagsForResourceResponse { Tags = tags });
    }

    /// <summary>Tags live on state machines and activities only; versions, aliases and executions are not taggable.</summary>
    private void UpdateTags(string resourceArn, Func<ImmutableList<Tag>, ImmutableList<Tag>> change)
    {
        var arn = StepFunctionsArn.Parse(resourceArn);
        _store.Write(state =>
        {
            switch (arn.ResourceType)
            {
                case StepFunctionsResourceType.StateMachine when state.StateMachines.TryGetValue(resourceArn, out var machine):
                    return (state with { StateMachines = state.StateMachines.SetItem(resourceArn, machine with { Tags = change(machine.Tags) }) }, 0);
                case StepFunctionsResourceType.Activity when state.Activities.TryGetValue(resourceArn, out var activity):
                    return (state with { Activities = state.Activities.SetItem(resourceArn, activity with { Tags = change(activity.Tags) }) }, 0);
                default:
                    throw ResourceMissing(resourceArn);
            }
        });
    }

    private static ResourceNotFoundException ResourceMissing(string arn) => new("Resource not found: '" + arn + "'", arn);
}
