// The second run of the GHL suite (jest.config.js): unknown contacts answer 404, as HighLevel's
// spec says (the first run uses the 400 its live API has been seen to answer).
process.env.GHL_UNKNOWN_CONTACT_STATUS = '404';
