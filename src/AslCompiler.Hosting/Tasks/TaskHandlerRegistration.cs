using System;
using AslCompiler.Runtime.Tasks;

namespace AslCompiler.Hosting;

/// <summary>One resource → handler registration, kept in the service collection until the registry is built.</summary>
/// <param name="Resource">The resource ARN, or a prefix pattern ending in <c>*</c>.</param>
/// <param name="Create">Builds the handler from the root service provider.</param>
/// <param name="Source">What registered it, for messages.</param>
internal sealed record TaskHandlerRegistration(string Resource, Func<IServiceProvider, TaskHandler> Create, string Source);

/// <summary>A set of handlers (a generated class's) registered on the registry when it is built.</summary>
/// <param name="Register">Registers the handlers, given the root service provider.</param>
/// <param name="Source">What registered it, for messages.</param>
internal sealed record TaskHandlerSetRegistration(Action<IServiceProvider, TaskHandlerRegistry> Register, string Source);
