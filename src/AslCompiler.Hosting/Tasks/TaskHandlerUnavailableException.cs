using System;

namespace AslCompiler.Hosting;

/// <summary>
/// The container could not make a task handler for a call (a dependency not registered, a constructor that threw): the
/// task fails with <c>TaskHandlerUnavailableException</c> as its error, so a Catch written for the handler's own
/// failures (<c>InvalidOperationException</c>, say) does not take a configuration mistake for one of them. The
/// container's exception is the inner one; the host logs it (event 400).
/// </summary>
public sealed class TaskHandlerUnavailableException : Exception
{
    /// <summary>Creates the exception.</summary>
    public TaskHandlerUnavailableException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What could not be made.</param>
    public TaskHandlerUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the container's exception.</summary>
    /// <param name="message">What could not be made.</param>
    /// <param name="innerException">Why.</param>
    public TaskHandlerUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Resolves <typeparamref name="T"/> from <paramref name="services"/>, or throws this exception naming it.</summary>
    internal static T Resolve<T>(IServiceProvider services)
        where T : notnull
    {
        try
        {
            return Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<T>(services);
        }
        catch (Exception e)
        {
            throw new TaskHandlerUnavailableException("The task handler '" + typeof(T).Name + "' could not be made for this call: " + e.Message, e);
        }
    }
}
